using Conciliazione.Domain.Identity;
using Xunit;

namespace Conciliazione.Domain.Tests.Identity;

public sealed class FamilyProfileTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 25, 10, 0, 0, TimeSpan.Zero);
    private static readonly AssertedIdentity Maria = new("Maria", "Rossi", new DateOnly(1985, 3, 12), "maria.rossi@example.org");

    [Fact]
    public void Create_TakesTheAssertedIdentity()
    {
        var profile = FamilyProfile.Create(Guid.NewGuid(), Maria, Now);

        Assert.Equal("Maria Rossi", profile.DisplayName);
        Assert.Equal(new DateOnly(1985, 3, 12), profile.BirthDate);
        Assert.Equal("maria.rossi@example.org", profile.IdentityEmail);
        Assert.Null(profile.ContactEmail);
    }

    [Fact]
    public void ChangeContacts_WithNewEmail_StartsUnverified_AndAsksForALink()
    {
        var profile = FamilyProfile.Create(Guid.NewGuid(), Maria, Now);

        Assert.True(profile.ChangeContacts("famiglia.rossi@example.org", "+39 0331 123456"));

        Assert.Equal("famiglia.rossi@example.org", profile.ContactEmail);
        Assert.Equal("+39 0331 123456", profile.Phone);
        Assert.False(profile.IsContactEmailVerified);
    }

    [Fact]
    public void ChangeContacts_WithSameEmail_KeepsVerification()
    {
        var profile = FamilyProfile.Create(Guid.NewGuid(), Maria, Now);
        profile.ChangeContacts("famiglia.rossi@example.org", null);
        Assert.True(profile.VerifyContactEmail("famiglia.rossi@example.org", Now));

        Assert.False(profile.ChangeContacts("FAMIGLIA.ROSSI@example.org", "0331 654321"));

        Assert.True(profile.IsContactEmailVerified);
        Assert.Equal("0331 654321", profile.Phone);
    }

    [Fact]
    public void VerifyContactEmail_ForAnAddressNoLongerOnFile_IsRefused()
    {
        var profile = FamilyProfile.Create(Guid.NewGuid(), Maria, Now);
        profile.ChangeContacts("vecchio@example.org", null);
        profile.ChangeContacts("nuovo@example.org", null);

        Assert.False(profile.VerifyContactEmail("vecchio@example.org", Now));
        Assert.False(profile.IsContactEmailVerified);
        Assert.True(profile.VerifyContactEmail("nuovo@example.org", Now));
        Assert.True(profile.IsContactEmailVerified);
    }

    [Fact]
    public void RefreshIdentity_UpdatesNames_KeepsContacts()
    {
        var profile = FamilyProfile.Create(Guid.NewGuid(), Maria, Now);
        profile.ChangeContacts("famiglia.rossi@example.org", null);

        profile.RefreshIdentity(Maria with { FamilyName = "Rossi Bianchi", Email = null }, Now.AddDays(1));

        Assert.Equal("Maria Rossi Bianchi", profile.DisplayName);
        Assert.Null(profile.IdentityEmail);
        Assert.Equal("famiglia.rossi@example.org", profile.ContactEmail);
    }
}
