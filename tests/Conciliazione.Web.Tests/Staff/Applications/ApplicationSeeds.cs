using Conciliazione.Domain.Applications;
using Conciliazione.Domain.Identity;
using Microsoft.EntityFrameworkCore;

namespace Conciliazione.Web.Tests.Staff.Applications;

/// <summary>Submitted applications made straight through the domain, for review tests (web and browser).</summary>
public static class ApplicationSeeds
{
    public sealed record Seed(Guid Id, Guid CallId, Guid FamilyId, Guid DocumentId);

    /// <summary>A submitted application for the seeded Castellanza call <paramref name="callId"/>; <paramref name="after"/> moves it on (e.g. taken in charge).</summary>
    public static async Task<Seed> SubmittedAsync(
        PortalFactory factory,
        Guid callId,
        string protocol,
        string childCode,
        DateOnly childBirth,
        Guid? familyId = null,
        Action<Application>? fill = null,
        Func<Application, Guid?, bool>? after = null,
        Guid? staffId = null,
        Guid? providerId = null,
        DateTimeOffset? submittedAt = null)
    {
        familyId ??= (await TestAccounts.CreateAsync(factory, Roles.Family, withTotp: false)).Id;
        return await factory.WithDbAsync(async db =>
        {
            var ct = TestContext.Current.CancellationToken;
            var call = await db.Calls.Include(c => c.Versions).SingleAsync(c => c.Id == callId, ct);
            var castellanza = await db.Municipalities.Where(m => m.Name == "Castellanza").Select(m => m.Id).FirstAsync(ct);
            var now = submittedAt ?? DateTimeOffset.UtcNow.AddDays(-2);
            var a = Application.StartDraft(call.AllianceId, call.Id, familyId.Value,
                new ApplicantSection { GivenName = "Maria", FamilyName = "Bianchi", FiscalCode = "BNCMRA85B43F205" + FiscalCode.CheckCharacter("BNCMRA85B43F205"), BirthDate = new DateOnly(1985, 2, 3), Email = "maria@example.org", Phone = "0331 123456" }, now.AddHours(-1));
            a.UpdateHousehold(new HouseholdSection
            {
                OtherParentName = "Marco Bianchi",
                OtherParentFiscalCode = "BNCMRC80A01F205" + FiscalCode.CheckCharacter("BNCMRC80A01F205"),
                OtherParentEmployment = EmploymentKind.SelfEmployed,
                Children = [new ChildEntry { GivenName = "Luca", FamilyName = "Bianchi", FiscalCode = childCode, BirthDate = childBirth }],
            }, now);
            a.UpdateEmployment(new EmploymentSection { Kind = EmploymentKind.Employee, EmployerName = "Comune di Castellanza", EmployerIsPartner = true }, castellanza, now);
            a.UpdateIsee(new IseeSection { HasIsee = true, Type = IseeType.Minorenni, Value = 14_000m, DsuNumber = "INPS-ISEE-2018-00012345A-00", ExpiresOn = DateOnly.FromDateTime(now.UtcDateTime).AddMonths(6) }, now);
            a.UpdateService(new ServiceSection { ServiceType = "Micronido", ProviderId = providerId, OtherProviderName = providerId is null ? "Nido Arcobaleno" : null, From = new DateOnly(2018, 9, 1), To = new DateOnly(2018, 12, 31), MonthlyCost = 450m }, now);
            a.UpdateDeclarations(new DeclarationsSection { OtherBenefits = ["Altro"], OtherBenefitsNote = "contributo comunale mensa", AcceptedDeclarations = ["dich-1"], PrivacyNoticeAccepted = true }, now);
            var document = a.AttachDocument("doc-1", "isee.pdf", UploadKind.Pdf, CallSeeds.Pdf, now);
            fill?.Invoke(a);
            a.Submit(call.CurrentVersion.Id, protocol, Guid.NewGuid(), now);
            after?.Invoke(a, staffId);
            db.Applications.Add(a);
            await db.SaveChangesAsync(ct);
            return new Seed(a.Id, call.Id, familyId.Value, document.Id);
        });
    }
}
