using System.Globalization;
using Conciliazione.Domain;
using Conciliazione.Domain.Applications;
using Conciliazione.Domain.Auditing;
using Conciliazione.Domain.Calls;
using Conciliazione.Domain.Data;
using Conciliazione.Domain.Grants;
using Conciliazione.Web.Grants;
using Conciliazione.Web.Infrastructure;
using FluentValidation;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Conciliazione.Web.Pages.Staff.Grants.Controls;

/// <summary>
/// The sample of funded applications whose self-declarations are checked (DPR 445/2000 art. 71):
/// drawn once per call (UNIQUE call_id) with a recorded seed, then shown with the seed, the
/// algorithm and the list it was drawn from, so anyone can redraw it (ADR 0070).
/// </summary>
/// <remarks>
/// The draw runs under the call-row lock the funding SQL takes (<see cref="Funding.LockCallAsync"/>):
/// no grant is made or released while the population is read, so the funded list "as at the draw"
/// can be rebuilt later from the grants table (granted before, released after or never).
/// </remarks>
public sealed class IndexModel(AppDbContext db, AuditLog audit, TimeProvider clock, IValidator<IndexModel.InputModel> validator) : PageModel
{
    public const string AlreadyDrawn = "Il campione dei controlli di questo bando è già stato estratto: non si estrae una seconda volta.";

    public sealed class InputModel
    {
        public SampleRule? Rule { get; set; }
        public string Value { get; set; } = "";
        public string? Seed { get; set; }
    }

    public sealed class InputValidator : AbstractValidator<InputModel>
    {
        public InputValidator()
        {
            RuleFor(x => x.Rule).NotNull().WithMessage("Indicare se il campione è una percentuale o un numero di domande.");
            RuleFor(x => x.Value).Custom((text, ctx) =>
            {
                if (string.IsNullOrWhiteSpace(text))
                {
                    ctx.AddFailure("Indicare la percentuale o il numero di domande da controllare.");
                }
                else if (!TryParse(text, out _))
                {
                    ctx.AddFailure("Scrivere un numero, per esempio 5 oppure 2,5.");
                }
            });
            RuleFor(x => x.Seed).MaximumLength(64).WithMessage("Il seme può avere al massimo 64 caratteri.");
        }
    }

    public sealed record ControlRow(Guid Id, string ProtocolNumber, ControlOutcome Outcome, DateTimeOffset? CheckedAt, string ApplicationStatus);

    [BindProperty]
    public InputModel Input { get; set; } = new() { Rule = SampleRule.Percent };

    public Guid CallId { get; private set; }
    public string CallTitle { get; private set; } = "";
    public string CallReference { get; private set; } = "";

    /// <summary>Funded applications now (the population a draw would use).</summary>
    public int FundedNow { get; private set; }
    public ControlSample? Sample { get; private set; }
    public string? DrawnBy { get; private set; }
    public IReadOnlyList<ControlRow> Rows { get; private set; } = [];

    /// <summary>The protocol numbers funded at the moment of the draw, in protocol order: the list to redraw from.</summary>
    public IReadOnlyList<string> Population { get; private set; } = [];

    public static bool TryParse(string? text, out decimal value) =>
        decimal.TryParse((text ?? "").Trim().TrimEnd('%').Trim(), NumberStyles.Number, CultureInfo.GetCultureInfo("it-IT"), out value);

    public async Task<IActionResult> OnGetAsync(Guid callId, CancellationToken ct) =>
        await LoadAsync(callId, ct) ? Page() : NotFound();

    public async Task<IActionResult> OnPostAsync(Guid callId, CancellationToken ct)
    {
        if (!await LoadAsync(callId, ct))
        {
            return NotFound();
        }

        ModelState.ClearBindingErrors();
        if (Sample is not null)
        {
            ModelState.AddModelError(string.Empty, AlreadyDrawn);
            return Page();
        }

        var validation = await validator.ValidateAsync(Input, ct);
        if (!validation.IsValid)
        {
            validation.AddToModelState(ModelState, nameof(Input));
            return Page();
        }

        TryParse(Input.Value, out var value);
        var allianceId = User.AllianceId()!.Value;
        string? refused;
        try
        {
            refused = await db.Database.CreateExecutionStrategy().ExecuteAsync(async () =>
            {
                db.ChangeTracker.Clear();
                await using var tx = await db.Database.BeginTransactionAsync(ct);
                await Funding.LockCallAsync(db, callId, allianceId, ct);
                if (await db.ControlSamples.AnyAsync(s => s.CallId == callId, ct))
                {
                    return AlreadyDrawn;
                }

                var population = await FundedAsync(db, callId, allianceId, null, ct);
                var sample = ControlSample.Draw(allianceId, callId, population, Input.Seed, Input.Rule!.Value, value, User.UserId()!.Value, clock.GetUtcNow());
                db.ControlSamples.Add(sample);
                audit.Add(AuditActions.ControlSampleDrawn, nameof(Call), callId.ToString(), string.Create(CultureInfo.InvariantCulture,
                    $"seme {sample.Seed}, {(sample.Rule == SampleRule.Percent ? "percentuale" : "numero")} {sample.RuleValue}: {sample.Controls.Count} domande su {sample.PopulationSize}"));
                await db.SaveChangesAsync(ct);
                await tx.CommitAsync(ct);
                return (string?)null;
            });
        }
        catch (DomainException e)
        {
            db.ChangeTracker.Clear();
            foreach (var error in e.Errors)
            {
                ModelState.AddModelError(error.Field is null ? string.Empty : nameof(Input) + "." + error.Field, error.Message);
            }

            return Page();
        }
        catch (DbUpdateException e) when (e.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
        {
            db.ChangeTracker.Clear();
            refused = AlreadyDrawn;
        }
        catch (FundingConflictException)
        {
            return NotFound();
        }

        if (refused is not null)
        {
            ModelState.AddModelError(string.Empty, refused);
            await LoadAsync(callId, ct);
            return Page();
        }

        TempData["Message"] = "Campione estratto: il seme e l'elenco da cui è stato estratto restano registrati qui sotto.";
        return RedirectToPage(new { callId });
    }

    /// <summary>
    /// The funded applications of the call, by protocol number: now (<paramref name="at"/> null: the
    /// active grants) or as they were at a past moment (granted by then, not yet released).
    /// </summary>
    public static async Task<List<(Guid ApplicationId, string ProtocolNumber)>> FundedAsync(AppDbContext db, Guid callId, Guid allianceId, DateTimeOffset? at, CancellationToken ct)
    {
        var grants = db.Grants.AsNoTracking().Where(g => g.CallId == callId && g.AllianceId == allianceId);
        grants = at is { } moment
            ? grants.Where(g => g.GrantedAt <= moment && (g.ReleasedAt == null || g.ReleasedAt > moment))
            : grants.Where(g => g.Status == GrantStatus.Active);
        var rows = await (from g in grants
                          join a in db.Applications.AsNoTracking() on g.ApplicationId equals a.Id
                          select new { a.Id, a.ProtocolNumber }).ToListAsync(ct);
        return rows.Select(r => (r.Id, r.ProtocolNumber ?? ""))
            .OrderBy(r => r.Item2, Comparer<string>.Create(ProtocolNumbers.Compare))
            .ToList();
    }

    private async Task<bool> LoadAsync(Guid callId, CancellationToken ct)
    {
        var allianceId = User.AllianceId();
        var call = await db.Calls.AsNoTracking().Where(c => c.Id == callId && c.AllianceId == allianceId)
            .Select(c => new { c.Id, c.Title, c.ReferenceNumber }).FirstOrDefaultAsync(ct);
        if (call is null || allianceId is not { } alliance)
        {
            return false;
        }

        (CallId, CallTitle, CallReference) = (call.Id, call.Title, call.ReferenceNumber);
        Sample = await db.ControlSamples.AsNoTracking().FirstOrDefaultAsync(s => s.CallId == callId && s.AllianceId == alliance, ct);
        if (Sample is null)
        {
            FundedNow = await db.Grants.CountAsync(g => g.CallId == callId && g.AllianceId == alliance && g.Status == GrantStatus.Active, ct);
            return true;
        }

        var sampleId = Sample.Id;
        DrawnBy = await db.Users.Where(u => u.Id == Sample.DrawnBy).Select(u => u.DisplayName).FirstOrDefaultAsync(ct);
        var rows = await (from c in db.SelfDeclarationControls.AsNoTracking()
                          join a in db.Applications.AsNoTracking() on c.ApplicationId equals a.Id
                          where c.SampleId == sampleId
                          select new { c.Id, c.ProtocolNumber, c.Outcome, c.CheckedAt, a.Status }).ToListAsync(ct);
        Rows = rows.OrderBy(r => r.ProtocolNumber, Comparer<string>.Create(ProtocolNumbers.Compare))
            .Select(r => new ControlRow(r.Id, r.ProtocolNumber, r.Outcome, r.CheckedAt, Domain.Applications.ApplicationStatuses.Italian(r.Status)))
            .ToList();
        Population = (await FundedAsync(db, callId, alliance, Sample.DrawnAt, ct)).Select(p => p.ProtocolNumber).ToList();
        return true;
    }
}
