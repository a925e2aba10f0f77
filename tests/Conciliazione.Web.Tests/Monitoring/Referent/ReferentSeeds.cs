using Conciliazione.Domain.Applications;
using Conciliazione.Domain.Identity;
using Conciliazione.Domain.Seeding;
using Conciliazione.Web.Tests.Grants;
using Conciliazione.Web.Tests.Staff.Applications;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Conciliazione.Web.Tests.Monitoring.Referent;

/// <summary>One applicant of a seeded funded call: where they live and how the review decided.</summary>
public sealed record ResidentSpec(string Municipality, ApplicationStatus Status = ApplicationStatus.Admitted, decimal Paid = 0m);

/// <summary>
/// Data for the referent dashboard tests: applications of residents of several municipalities, with personal data
/// distinctive enough to be searched for in a page (names, codici fiscali, ISEE, DSU, health fields), decided,
/// funded through the real ranking and funding run, and partly paid.
/// </summary>
public static class ReferentSeeds
{
    public const string GivenName = "Ermenegilda";
    public const string FamilyName = "Zanzottera";
    public const string AssistedName = "Policarpo Quarantotto";
    public const string DsuNumber = "INPS-ISEE-2018-77777777Q-00";

    /// <summary>ISEE of the i-th applicant: 12.345,67 + i, an amount nothing else on the page could show.</summary>
    public static decimal Isee(int i) => 12_345.67m + i;

    /// <summary>A codice fiscale for the i-th applicant (its check character made right).</summary>
    public static string FiscalCode(int i)
    {
        var body = $"ZNZRNG8{i % 10}A41C139";
        return body + Conciliazione.Domain.Identity.FiscalCode.CheckCharacter(body);
    }

    /// <summary>Texts that must never reach a referent (SECURITY-CHECKS #17).</summary>
    public static IEnumerable<string> PersonalTexts(int count)
    {
        yield return GivenName;
        yield return FamilyName;
        yield return AssistedName;
        yield return "Policarpo";
        yield return DsuNumber;
        yield return "CHILD";
        for (var i = 0; i < count; i++)
        {
            yield return FiscalCode(i);
            var isee = Isee(i);
            yield return isee.ToString("0.00", System.Globalization.CultureInfo.InvariantCulture);
            yield return isee.ToString("0.00", System.Globalization.CultureInfo.GetCultureInfo("it-IT"));
            yield return isee.ToString("N2", System.Globalization.CultureInfo.GetCultureInfo("it-IT"));
        }
    }

    public static Task<Guid> MunicipalityAsync(PortalFactory factory, string name) => ReviewSeeds.MunicipalityAsync(factory, name);

    /// <summary>A closed call (350 per application) with <paramref name="residents"/>, ranked, published and funded; vouchers paid as said.</summary>
    public static async Task<Guid> FundedCallAsync(PortalFactory factory, IReadOnlyList<ResidentSpec> residents, string reference = "AV-REF-01", int firstProtocol = 1)
    {
        var ct = TestContext.Current.CancellationToken;
        var staff = await TestAccounts.CreateAsync(factory, Roles.Staff);
        var callId = await GrantSeeds.ClosedCallAsync(factory, 350m * residents.Count * 2, reference: reference);
        var ids = await GrantSeeds.ApplicationsAsync(factory, callId, residents.Select((r, i) => new SeedApplication(Isee: Isee(i), Status: r.Status)).ToList(), firstProtocol);
        for (var i = 0; i < ids.Count; i++)
        {
            var municipality = await MunicipalityAsync(factory, residents[i].Municipality);
            await PersonaliseAsync(factory, ids[i], municipality, i);
        }

        await GrantSeeds.FreezeAndPublishAsync(factory, callId, staff.Id);
        var (_, error) = await GrantSeeds.WorkAsync(factory, w => w.RunFundingAsync(callId, CastellanzaPlan.AllianceId, staff.Id, ct));
        Assert.Null(error);
        await factory.WithDbAsync(async db =>
        {
            for (var i = 0; i < ids.Count; i++)
            {
                if (residents[i].Paid > 0m)
                {
                    var id = ids[i];
                    var paid = residents[i].Paid;
                    Assert.Equal(1, await db.Database.ExecuteSqlAsync($"UPDATE vouchers SET claimed = {paid}, paid = {paid} WHERE application_id = {id}", ct));
                }
            }
        });
        return callId;
    }

    /// <summary>Gives a seeded application its residence and the distinctive personal data of applicant <paramref name="i"/>.</summary>
    public static Task PersonaliseAsync(PortalFactory factory, Guid applicationId, Guid municipalityId, int i) => factory.WithDbAsync(async db =>
    {
        var cf = FiscalCode(i);
        await db.Database.ExecuteSqlAsync($"""
            UPDATE applications SET residence_municipality_id = {municipalityId},
                applicant = applicant || jsonb_build_object('GivenName', {GivenName}::text, 'FamilyName', {FamilyName}::text, 'FiscalCode', {cf}::text, 'Email', 'ermenegilda@example.org'),
                household = household || jsonb_build_object('AssistedPersonName', {AssistedName}::text, 'AssistedDisability', true, 'AssistedNonSelfSufficient', true),
                isee = isee || jsonb_build_object('DsuNumber', {DsuNumber}::text)
            WHERE id = {applicationId}
            """, TestContext.Current.CancellationToken);
    });

    /// <summary>Submitted applications (status Submitted) of residents of <paramref name="municipality"/>, on <paramref name="callId"/>.</summary>
    public static async Task<IReadOnlyList<Guid>> SubmittedAsync(PortalFactory factory, Guid callId, string municipality, int count, int firstProtocol) =>
        count == 0 ? [] : await ReviewSeeds.SubmittedAsync(factory, callId, count, firstProtocol, await MunicipalityAsync(factory, municipality));

    /// <summary>Drafts (never submitted) of residents of <paramref name="municipality"/>: the dashboard must not count them.</summary>
    public static async Task DraftsAsync(PortalFactory factory, Guid callId, string municipality, int count)
    {
        var family = await TestAccounts.CreateAsync(factory, Roles.Family, withTotp: false);
        var municipalityId = await MunicipalityAsync(factory, municipality);
        await factory.WithDbAsync(async db =>
        {
            var now = DateTimeOffset.UtcNow;
            for (var i = 0; i < count; i++)
            {
                var draft = Application.StartDraft(CastellanzaPlan.AllianceId, callId, family.Id, new ApplicantSection(), now);
                draft.UpdateEmployment(new EmploymentSection(), municipalityId, now);
                db.Applications.Add(draft);
            }

            await db.SaveChangesAsync(TestContext.Current.CancellationToken);
        });
    }

    /// <summary>Runs an independent SQL query straight on the database (not through the portal's code).</summary>
    public static async Task<T> ScalarAsync<T>(PortalFactory factory, string sql, Guid municipalityId)
    {
        await using var conn = new NpgsqlConnection(factory.ConnectionString);
        await conn.OpenAsync(TestContext.Current.CancellationToken);
        await using var cmd = new NpgsqlCommand(sql, conn);
        cmd.Parameters.AddWithValue("m", municipalityId);
        return (T)Convert.ChangeType((await cmd.ExecuteScalarAsync(TestContext.Current.CancellationToken))!, typeof(T), System.Globalization.CultureInfo.InvariantCulture);
    }
}
