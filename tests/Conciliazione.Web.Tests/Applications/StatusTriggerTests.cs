using Conciliazione.Domain.Applications;
using Conciliazione.Domain.Identity;
using Conciliazione.Domain.Seeding;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Conciliazione.Web.Tests.Applications;

/// <summary>
/// The PostgreSQL trigger <c>applications_status_transition</c> and <see cref="ApplicationTransitions.Allowed"/>
/// list the same moves: a raw UPDATE (what a script or a bug would send, bypassing the domain)
/// succeeds exactly for the pairs the C# table allows; and a stale <c>status = @expected</c> changes nothing.
/// </summary>
public sealed class StatusTriggerTests(PortalFactory factory) : PortalTest(factory)
{
    [Fact]
    public async Task Trigger_AllowsExactlyTheTransitionsOfTheStateMachine()
    {
        var ct = TestContext.Current.CancellationToken;
        var statuses = Enum.GetValues<ApplicationStatus>();
        var family = await TestAccounts.CreateAsync(Factory, Roles.Family, withTotp: false);
        var call = await CallSeeds.CallAsync(Factory, DateTimeOffset.UtcNow);
        var seeded = new Dictionary<ApplicationStatus, Guid>();
        await Factory.WithDbAsync(async db =>
        {
            var number = 0;
            foreach (var status in statuses)
            {
                var application = Application.StartDraft(CastellanzaPlan.AllianceId, call, family.Id, new ApplicantSection(), DateTimeOffset.UtcNow);
                db.Applications.Add(application);
                await db.SaveChangesAsync(ct);
                await StatusPaths.MoveAsync(db, application.Id, status, "T-" + ++number, ct);
                seeded[status] = application.Id;
            }
        });

        var mismatches = new List<string>();
        var checkedPairs = 0;
        await using var connection = new NpgsqlConnection(Factory.ConnectionString);
        await connection.OpenAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        foreach (var from in statuses)
        {
            foreach (var to in statuses.Where(s => s != from))
            {
                await transaction.SaveAsync("pair", ct);
                bool accepted;
                try
                {
                    accepted = await UpdateAsync(connection, transaction, seeded[from], from, to, ct) == 1;
                }
                catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.CheckViolation)
                {
                    accepted = false;
                }

                await transaction.RollbackAsync("pair", ct);
                checkedPairs++;
                if (accepted != ApplicationTransitions.IsAllowed(from, to))
                {
                    mismatches.Add($"{from} -> {to}: trigger {(accepted ? "allows" : "refuses")}, ApplicationTransitions {(accepted ? "does not list it" : "lists it")}");
                }
            }
        }

        // A writer that read the status before someone else moved it: its "WHERE status = @expected" matches nothing.
        var submitted = seeded[ApplicationStatus.Submitted];
        var stale = await UpdateAsync(connection, transaction, submitted, ApplicationStatus.InReview, ApplicationStatus.DocumentsRequested, ct);
        await transaction.RollbackAsync(ct);

        Assert.Equal(statuses.Length * (statuses.Length - 1), checkedPairs);
        Assert.True(mismatches.Count == 0, string.Join(Environment.NewLine, mismatches));
        Assert.Equal(0, stale);
        Assert.Equal(ApplicationStatus.Submitted, await Factory.WithDbAsync(db => db.Applications.Where(a => a.Id == submitted).Select(a => a.Status).SingleAsync(ct)));
    }

    private static async Task<int> UpdateAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, Guid id, ApplicationStatus expected, ApplicationStatus to, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand("UPDATE applications SET status = @to WHERE id = @id AND status = @expected", connection, transaction);
        command.Parameters.AddWithValue("to", to.ToString());
        command.Parameters.AddWithValue("id", id);
        command.Parameters.AddWithValue("expected", expected.ToString());
        return await command.ExecuteNonQueryAsync(ct);
    }
}
