using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace Conciliazione.Web.Tests.Localization;

/// <summary>
/// Every Italian text a page asks the localizer for (<c>L["..."]</c> in the views, <c>l["..."]</c> /
/// <c>localizer["..."]</c> in code) has its English in Resources/SharedResource.en.resx, with the
/// same placeholders: otherwise an English page shows Italian, or a format string breaks.
/// </summary>
public sealed partial class EnglishResourcesTests
{
    /// <summary>Texts chosen at run time (a status from dates), asked for as <c>L[variable]</c>.</summary>
    private static readonly string[] DynamicKeys = ["In corso", "Concluso", "Non ancora avviato"];

    [GeneratedRegex("""\b(?:L|l|localizer|Localizer)\["((?:[^"\\]|\\.)*)"\]""")]
    private static partial Regex LocalizerCall();

    [GeneratedRegex(@"\{\d+(?::[^}]*)?\}")]
    private static partial Regex Placeholder();

    private static string WebProject()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Conciliazione.sln")))
        {
            dir = dir.Parent;
        }

        return Path.Combine(dir?.FullName ?? throw new InvalidOperationException("Repository root not found"), "src", "Conciliazione.Web");
    }

    private static Dictionary<string, string> UsedKeys()
    {
        var keys = new Dictionary<string, string>(StringComparer.Ordinal);
        var root = WebProject();
        foreach (var file in Directory.EnumerateFiles(root, "*.cshtml", SearchOption.AllDirectories)
                     .Concat(Directory.EnumerateFiles(Path.Combine(root, "Pages"), "*.cs", SearchOption.AllDirectories)))
        {
            foreach (Match m in LocalizerCall().Matches(File.ReadAllText(file)))
            {
                keys.TryAdd(m.Groups[1].Value.Replace("\\\"", "\"", StringComparison.Ordinal), Path.GetRelativePath(root, file));
            }
        }

        foreach (var key in DynamicKeys)
        {
            keys.TryAdd(key, "(dynamic)");
        }

        return keys;
    }

    private static Dictionary<string, string> English() =>
        XDocument.Load(Path.Combine(WebProject(), "Resources", "SharedResource.en.resx")).Root!
            .Elements("data").ToDictionary(d => (string)d.Attribute("name")!, d => (string?)d.Element("value") ?? "", StringComparer.Ordinal);

    [Fact]
    public void TheScan_FindsTheLocalizedTexts()
    {
        var keys = UsedKeys();

        Assert.True(keys.Count > 500, $"only {keys.Count} keys found: is the scan still looking at the views?");
        Assert.Contains("Accedi all'area personale", keys.Keys);
    }

    [Fact]
    public void EveryLocalizedText_HasItsEnglish()
    {
        var english = English();

        var missing = UsedKeys().Where(k => !english.TryGetValue(k.Key, out var en) || string.IsNullOrWhiteSpace(en))
            .Select(k => $"{k.Value}: {k.Key}").Order(StringComparer.Ordinal).ToList();

        Assert.True(missing.Count == 0, $"{missing.Count} texts have no English in SharedResource.en.resx:\n" + string.Join("\n", missing));
    }

    /// <summary>
    /// Resource names are case-insensitive when the resx is compiled: of "Dal" and "dal" one is dropped
    /// (warning MSB3568) and its text shows in Italian on English pages. One casing per text.
    /// </summary>
    [Fact]
    public void NoTwoTexts_DifferOnlyByCase()
    {
        var clashes = English().Keys.GroupBy(k => k, StringComparer.OrdinalIgnoreCase).Where(g => g.Count() > 1)
            .Select(g => string.Join(" / ", g)).ToList();
        var usedClashes = UsedKeys().Keys.GroupBy(k => k, StringComparer.OrdinalIgnoreCase).Where(g => g.Count() > 1)
            .Select(g => string.Join(" / ", g)).ToList();

        Assert.Empty(clashes);
        Assert.Empty(usedClashes);
    }

    [Fact]
    public void EnglishTexts_KeepTheItalianPlaceholders()
    {
        var wrong = English()
            .Where(e => !Placeholder().Matches(e.Key).Select(m => m.Value).Order(StringComparer.Ordinal)
                .SequenceEqual(Placeholder().Matches(e.Value).Select(m => m.Value).Order(StringComparer.Ordinal)))
            .Select(e => $"{e.Key} -> {e.Value}").ToList();

        Assert.True(wrong.Count == 0, string.Join("\n", wrong));
    }
}
