using Conciliazione.Domain.Auditing;
using Conciliazione.Domain.Identity;
using Conciliazione.Domain.Seeding;
using Conciliazione.Domain.Vouchers;
using Microsoft.EntityFrameworkCore;

namespace Conciliazione.Web.Tests.Staff.Alliance;

/// <summary>Issue 14: the alliance's debtor account for payout files (/Staff/Alliance/Payments): administrators set it, operators read it.</summary>
public sealed class PaymentAccountTests(PortalFactory factory) : PortalTest(factory)
{
    private static readonly string ValidIban = Iban.ItalianFrom("03069", "09606", "100000012345");

    private async Task<PortalClient> AdminAsync()
    {
        var admin = await TestAccounts.CreateAsync(Factory, Roles.Admin);
        var client = Factory.CreatePortalClient();
        await client.LoginAsync(admin);
        return client;
    }

    [Fact]
    public async Task Admin_SetsTheAccount_NormalizedAndAudited_AndOperatorsSeeItWithoutAForm()
    {
        var ct = TestContext.Current.CancellationToken;
        using var admin = await AdminAsync();
        var form = await admin.GetDocumentAsync("/Staff/Alliance/Payments");
        Assert.NotNull(form.QuerySelector("[data-testid=no-account]"));

        using var response = await admin.SubmitAsync(form, new Dictionary<string, string>
        {
            ["Input.DebtorName"] = "Azienda Speciale Consortile Medio Olona",
            ["Input.Iban"] = Iban.Format(ValidIban),
            ["Input.Bic"] = "bcititmm",
            ["Input.InitiatorId"] = "ab12c34",
        });

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var account = await Factory.WithDbAsync(db => db.Alliances.AsNoTracking().Where(a => a.Id == CastellanzaPlan.AllianceId).Select(a => a.Payments).SingleAsync(ct));
        Assert.NotNull(account);
        Assert.Equal(("Azienda Speciale Consortile Medio Olona", ValidIban, "BCITITMM", "AB12C34"), (account.DebtorName, account.Iban, account.Bic, account.InitiatorId));
        Assert.True(await Factory.WithDbAsync(db => db.AuditEvents.AnyAsync(a => a.Action == AuditActions.AlliancePaymentAccountUpdated && a.EntityId == CastellanzaPlan.AllianceId.ToString(), ct)));

        var (staff, _) = await AllianceBuilder.SignedInStaffAsync(Factory);
        using var _s = staff;
        var seen = await staff.GetDocumentAsync("/Staff/Alliance/Payments");
        Assert.Equal(Iban.Format(ValidIban), seen.Text("[data-testid=debtor-iban]"));
        Assert.Null(seen.QuerySelector("form[data-testid=payments-form]"));
        Assert.NotNull(seen.QuerySelector("[data-testid=admin-only]"));
    }

    [Fact]
    public async Task Admin_WithAWrongIbanAndBic_SeesEveryProblem_KeepsWhatWasTyped_AndNothingIsSaved()
    {
        var ct = TestContext.Current.CancellationToken;
        using var admin = await AdminAsync();
        var form = await admin.GetDocumentAsync("/Staff/Alliance/Payments");
        var wrongIban = "IT60X0542811101000000123457";

        using var response = await admin.SubmitAsync(form, new Dictionary<string, string>
        {
            ["Input.DebtorName"] = "",
            ["Input.Iban"] = wrongIban,
            ["Input.Bic"] = "BCIT1TMM",
            ["Input.InitiatorId"] = "AB 12",
        });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = await PortalClient.ParseAsync(response);
        Assert.Equal("Indicare l'intestatario del conto da cui partono i pagamenti.", page.Text("#Input_DebtorName-error"));
        Assert.Equal(Iban.Check(wrongIban), page.Text("#Input_Iban-error"));
        Assert.Equal(Bic.Check("BCIT1TMM"), page.Text("#Input_Bic-error"));
        Assert.StartsWith("Il codice identificativo", page.Text("#Input_InitiatorId-error"), StringComparison.Ordinal);
        Assert.Equal(wrongIban, page.InputValue("#Input_Iban"));
        Assert.Equal("BCIT1TMM", page.InputValue("#Input_Bic"));
        Assert.Equal("AB 12", page.InputValue("#Input_InitiatorId"));
        Assert.Null(await Factory.WithDbAsync(db => db.Alliances.AsNoTracking().Where(a => a.Id == CastellanzaPlan.AllianceId).Select(a => a.Payments).SingleAsync(ct)));
    }
}
