using System.Text;
using System.Text.RegularExpressions;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;

namespace Conciliazione.Browser.Tests;

public static class PageChecks
{
    /// <summary>
    /// Runs axe-core (WCAG 2.1 A/AA and best practices) and fails with a readable list. Also checks the
    /// page title, the first thing a screen reader announces, for a placeholder left unformatted.
    /// </summary>
    public static async Task AssertNoAxeViolationsAsync(this IPage page)
    {
        var title = await page.TitleAsync();
        Assert.False(System.Text.RegularExpressions.Regex.IsMatch(title, @"\{\d+\}"), $"Unformatted placeholder in the title of {page.Url}: {title}");
        var result = await page.RunAxe();
        if (result.Violations.Length == 0)
        {
            return;
        }

        var report = new StringBuilder().Append("axe-core violations on ").AppendLine(page.Url);
        foreach (var v in result.Violations)
        {
            report.Append("- ").Append(v.Id).Append(" (").Append(v.Impact).Append("): ").AppendLine(v.Help);
            foreach (var node in v.Nodes.Take(5))
            {
                report.Append("    ").AppendLine(string.Join(" ", node.Target));
            }
        }

        Assert.Fail(report.ToString());
    }

    /// <summary>
    /// Waits until the page shows <paramref name="urlGlob"/> and its heading: every journey waits for a
    /// navigation this way, never for Chromium's "load" event, which was seen to go unreported on a busy
    /// machine (first across origins, the portal and the SPID/CIE test provider, then on the portal's own
    /// links), so a wait on it timed out while the page was on screen. The URL is checked when committed;
    /// the visible h1 is what the user sees. Not <c>WaitForURLAsync</c> even with <c>WaitUntil = Commit</c>:
    /// when the URL already matches (a fast navigation), it waits for the "load" state instead.
    /// </summary>
    public static async Task ArriveAtAsync(this IPage page, string urlGlob)
    {
        await Assertions.Expect(page).ToHaveURLAsync(GlobToRegex(urlGlob), new() { Timeout = BrowserPortal.Patience });
        await Assertions.Expect(page.Locator("h1").First).ToBeVisibleAsync(new() { Timeout = BrowserPortal.Patience });
    }

    /// <summary>A URL glob as Playwright reads it ("**" any characters, "*" any but "/") as a whole-URL regex.</summary>
    public static Regex GlobToRegex(string glob)
    {
        var pattern = new StringBuilder("^");
        for (var i = 0; i < glob.Length; i++)
        {
            if (glob[i] == '*')
            {
                var any = i + 1 < glob.Length && glob[i + 1] == '*';
                pattern.Append(any ? ".*" : "[^/]*");
                i += any ? 1 : 0;
            }
            else
            {
                pattern.Append(Regex.Escape(glob[i].ToString()));
            }
        }

        return new Regex(pattern.Append('$').ToString());
    }

    /// <summary>Saves a full-page screenshot under artifacts/screenshots (kept by CI as a test artefact).</summary>
    public static async Task ScreenshotAsync(this IPage page, string name)
    {
        var dir = Path.Combine(RepositoryRoot(), "artifacts", "screenshots");
        Directory.CreateDirectory(dir);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(dir, name + ".png"), FullPage = true });
    }

    private static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Conciliazione.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? Path.GetTempPath();
    }
}
