using System.Globalization;
using Conciliazione.Domain;
using Conciliazione.Domain.Auditing;
using Conciliazione.Web.Authorization;
using Conciliazione.Web.Infrastructure;
using Conciliazione.Web.Review;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Conciliazione.Web.Pages.Staff.Applications;

/// <summary>
/// An admin assigns one reviewer to the applications ticked in the queue. Each application is
/// saved on its own (its own version, audit row and transaction), as <see cref="AssignModel"/>
/// does for one: those changed meanwhile, or not under review, are listed and left as they are.
/// </summary>
[Authorize(Policy = Policies.Admin)]
public sealed class AssignManyModel(ReviewWork work, Reviewers reviewers) : PageModel
{
    /// <summary>The most applications one POST assigns (two queue pages).</summary>
    public const int Max = 100;

    public IActionResult OnGet() => RedirectToPage("./Index");

    /// <param name="selected">"id:version" of each ticked row.</param>
    public async Task<IActionResult> OnPostAsync(List<string>? selected, Guid? reviewerId, string? returnUrl, CancellationToken ct)
    {
        var allianceId = User.AllianceId();
        var back = !string.IsNullOrEmpty(returnUrl) && Url.IsLocalUrl(returnUrl) && returnUrl.StartsWith("/Staff/Applications", StringComparison.OrdinalIgnoreCase)
            ? returnUrl
            : Url.Page("./Index") ?? "/Staff/Applications";
        var rows = (selected ?? []).Take(Max).Select(Parse).OfType<(Guid Id, uint Version)>().DistinctBy(r => r.Id).ToList();
        if (rows.Count == 0)
        {
            TempData["ReviewError"] = "Selezionare almeno una domanda.";
            return LocalRedirect(back);
        }

        if (reviewerId is not { } chosen || !await reviewers.IsAssignableAsync(allianceId, chosen, ct))
        {
            TempData["ReviewError"] = "Scegliere un operatore dell'alleanza con l'account attivo.";
            return LocalRedirect(back);
        }

        var assigned = 0;
        var problems = new List<string>();
        foreach (var (id, version) in rows)
        {
            var application = await work.LoadAsync(id, allianceId, ct);
            if (application is null)
            {
                continue;
            }

            if (application.ReviewerId == chosen)
            {
                assigned++;
                continue;
            }

            try
            {
                application.AssignReviewer(chosen, work.Now);
            }
            catch (DomainException e)
            {
                problems.Add($"{application.ProtocolNumber}: {e.Message}");
                continue;
            }

            if (await work.SaveAsync(application, version, AuditActions.ReviewerAssigned, "reviewer=" + chosen, null, ct) is { } error)
            {
                problems.Add($"{application.ProtocolNumber}: {error}");
            }
            else
            {
                assigned++;
            }
        }

        TempData["Message"] = string.Create(CultureInfo.InvariantCulture, $"Istruttore assegnato a {assigned} domande.");
        if (problems.Count > 0)
        {
            TempData["ReviewError"] = "Non assegnate: " + string.Join(" ", problems);
        }

        return LocalRedirect(back);
    }

    private static (Guid Id, uint Version)? Parse(string value)
    {
        var parts = value.Split(':');
        return parts.Length == 2 && Guid.TryParse(parts[0], out var id) && uint.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var version)
            ? (id, version)
            : null;
    }
}
