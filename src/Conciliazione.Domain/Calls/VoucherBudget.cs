using Conciliazione.Domain.Data;
using Conciliazione.Domain.Projects;
using Microsoft.EntityFrameworkCore;

namespace Conciliazione.Domain.Calls;

/// <summary>
/// The voucher money of a project as seen from one call: the plan's category D, plus the
/// reallocations staff recorded, minus what the project's other calls already hold.
/// </summary>
public sealed record VoucherBudget(decimal CategoryD, decimal Reallocated, decimal OtherCalls)
{
    public decimal Available => CategoryD + Reallocated;

    /// <summary>The most this call may hold.</summary>
    public decimal Left => Available - OtherCalls;
}

/// <summary>
/// A rimodulazione: staff move money into the voucher budget (category D) from another category,
/// with the reason, so calls may together exceed the plan's category D by this amount. The source
/// category loses the same amount (<see cref="BudgetCommitments.Out"/>): only what it has left can move.
/// </summary>
public class VoucherReallocation
{
    private VoucherReallocation()
    {
    }

    public Guid Id { get; private set; }
    public Guid ProjectId { get; private set; }
    public decimal Amount { get; private set; }
    public CostCategory FromCategory { get; private set; }
    public string Reason { get; private set; } = "";
    public DateTimeOffset RecordedAt { get; private set; }
    public Guid? RecordedBy { get; private set; }

    /// <summary>Records the move; <paramref name="commitments"/> must be read under the project-row lock.</summary>
    public static VoucherReallocation Record(Project project, decimal amount, CostCategory from, string reason, DateTimeOffset at, Guid? by, BudgetCommitments commitments)
    {
        project.EnsureEditable();
        Money.Ensure(amount, "Importo riallocato");
        if (amount <= 0)
        {
            throw new DomainException("L'importo riallocato deve essere maggiore di zero.");
        }

        if (from == CostCategory.Vouchers || !Enum.IsDefined(from))
        {
            throw new DomainException("Indicare da quale altra voce di costo proviene la somma.");
        }

        if (string.IsNullOrWhiteSpace(reason))
        {
            throw new DomainException("Indicare il motivo della riallocazione.");
        }

        project.EnsureCanMove(from, CostCategory.Vouchers, amount, commitments);

        return new VoucherReallocation
        {
            Id = Guid.NewGuid(),
            ProjectId = project.Id,
            Amount = amount,
            FromCategory = from,
            Reason = reason.Trim(),
            RecordedAt = at.ToUniversalTime(),
            RecordedBy = by,
        };
    }
}

/// <summary>Reads a project's <see cref="VoucherBudget"/>, with or without holding it for a change.</summary>
public static class VoucherBudgets
{
    /// <summary>For display: no lock, may be stale by the time the user saves.</summary>
    public static async Task<VoucherBudget> ReadAsync(this AppDbContext db, Guid projectId, Guid? exceptCallId, CancellationToken ct)
    {
        var categoryD = await db.BudgetLines.Where(l => l.ProjectId == projectId && l.Category == CostCategory.Vouchers)
            .Select(l => (decimal?)l.Amount).FirstOrDefaultAsync(ct) ?? 0m;
        var reallocated = await db.VoucherReallocations.Where(r => r.ProjectId == projectId).SumAsync(r => (decimal?)r.Amount, ct) ?? 0m;
        var others = await db.Calls.Where(c => c.ProjectId == projectId && c.Id != exceptCallId).SumAsync(c => (decimal?)c.Budget, ct) ?? 0m;
        return new VoucherBudget(categoryD, reallocated, others);
    }

    /// <summary>
    /// Locks the project row, then reads its voucher budget: whoever saves a call budget of the
    /// same project next waits here until this transaction ends, and then sees its result.
    /// </summary>
    /// <remarks>
    /// Two staff saving calls of one project at the same moment must not both pass the "fits in
    /// what is left" check on the same stale sum. A <c>SELECT ... FOR UPDATE</c> on the project
    /// row serialises exactly those writers (and nobody else: readers and other projects never
    /// wait), and under READ COMMITTED the sum read after the lock sees the other writer's
    /// committed call. A SERIALIZABLE transaction would also be correct, but the loser gets a
    /// serialization failure to retry, which every caller would have to handle; the lock needs no
    /// retry and its cost is one short wait. A conditional UPDATE with a CHECK (STYLE habit 6) fits
    /// a single counter; here the limit spans many call rows plus the reallocations.
    /// Must run inside a transaction, which the caller commits after SaveChanges.
    /// </remarks>
    public static async Task<VoucherBudget> LockAsync(this AppDbContext db, Guid projectId, Guid? exceptCallId, CancellationToken ct)
    {
        if (db.Database.CurrentTransaction is null)
        {
            throw new InvalidOperationException("LockAsync needs a transaction: the lock lasts until it ends.");
        }

        await db.Database.ExecuteSqlAsync($"SELECT id FROM projects WHERE id = {projectId} FOR UPDATE", ct);
        return await db.ReadAsync(projectId, exceptCallId, ct);
    }

    /// <summary>
    /// The moves between the project's cost categories and what its calls hold: for display
    /// (no lock) or, inside a transaction after <see cref="LockAsync"/>, for a change.
    /// </summary>
    public static async Task<BudgetCommitments> CommitmentsAsync(this AppDbContext db, Guid projectId, CancellationToken ct)
    {
        var moves = await db.VoucherReallocations.Where(r => r.ProjectId == projectId)
            .Select(r => new { r.FromCategory, r.Amount }).ToListAsync(ct);
        var calls = await db.Calls.Where(c => c.ProjectId == projectId).SumAsync(c => (decimal?)c.Budget, ct) ?? 0m;
        return new BudgetCommitments(moves.Select(m => new CategoryMove(m.FromCategory, CostCategory.Vouchers, m.Amount)).ToList(), calls);
    }

    /// <summary>
    /// Runs <paramref name="change"/> on the project's budget plan or reallocations with the same
    /// project-row lock the calls take (<see cref="LockAsync"/>), so a lowering of category D or a
    /// reallocation and a call budget saved at the same moment are checked one after the other.
    /// </summary>
    public static Task ChangeProjectBudgetAsync(this AppDbContext db, Guid projectId, Action<BudgetCommitments> change, CancellationToken ct) =>
        db.InTrackedUnitOfWorkAsync(
            async token =>
            {
                await db.LockAsync(projectId, null, token);
                change(await db.CommitmentsAsync(projectId, token));
                return true;
            },
            ct);

    /// <summary>
    /// Runs <paramref name="change"/> with the project's voucher budget locked (see
    /// <see cref="LockAsync"/>), saves and commits; the whole unit is retried on a transient
    /// failure (a tracked unit of work, ADR 0144: <paramref name="change"/> must be repeatable).
    /// </summary>
    public static Task ChangeWithinBudgetAsync(this AppDbContext db, Guid projectId, Guid? exceptCallId, Action<VoucherBudget> change, CancellationToken ct) =>
        db.InTrackedUnitOfWorkAsync(
            async token =>
            {
                change(await db.LockAsync(projectId, exceptCallId, token));
                return true;
            },
            ct);
}
