namespace Conciliazione.TestIdp;

/// <summary>A fictional person the test provider can sign in, like the identities of SPID's demo provider.</summary>
/// <param name="Key">Stable identifier, also the token's <c>sub</c>.</param>
/// <param name="FiscalNumber">The value sent in the fiscal-number claim, exactly as a gateway would send it
/// (with or without SPID's <c>TINIT-</c> prefix); null when the provider does not send the claim.</param>
/// <param name="Note">What the identity is for, shown on the picker.</param>
public sealed record TestIdentity(
    string Key,
    string GivenName,
    string FamilyName,
    DateOnly BirthDate,
    bool Female,
    string? Email,
    string? FiscalNumber,
    string Note)
{
    /// <summary>The level this identity always reports in <c>acr</c>, whatever the client asked (null: the level asked).</summary>
    public string? Acr { get; init; }
}

/// <summary>
/// The identities on the picker. All fictional: the codici fiscali are built by the official
/// algorithm from the name, birth date, sex and a municipality code, so they pass the checksum,
/// but belong to nobody. Three identities exist to exercise the portal's failure paths.
/// </summary>
public static class TestIdentities
{
    public static readonly IReadOnlyList<TestIdentity> All =
    [
        new("maria-rossi", "Maria", "Rossi", new DateOnly(1985, 3, 12), true, "maria.rossi@example.org",
            "TINIT-RSSMRA85C52F205Q", "Codice fiscale nel formato SPID (TINIT-)"),
        new("giuseppe-bianchi", "Giuseppe", "Bianchi", new DateOnly(1979, 11, 5), false, "giuseppe.bianchi@example.org",
            "BNCGPP79S05C139P", "Codice fiscale semplice, come lo inviano alcuni gateway"),
        new("laura-verdi", "Laura", "Verdi", new DateOnly(1990, 7, 23), true, "laura.verdi@example.org",
            "TINIT-VRDLRA90L63E514O", "Codice fiscale nel formato SPID (TINIT-)"),
        new("luca-colombo", "Luca", "Colombo", new DateOnly(2001, 1, 30), false, null,
            "CLMLCU01A30B300I", "Senza indirizzo e-mail"),
        new("anna-neri", "Anna", "Neri", new DateOnly(1982, 9, 2), true, "anna.neri@example.org",
            null, "Caso di errore: il codice fiscale non viene inviato"),
        new("paolo-ferrari", "Paolo", "Ferrari", new DateOnly(1975, 4, 14), false, "paolo.ferrari@example.org",
            "TINIT-FRRPLA75D14F704Y", "Caso di errore: codice fiscale con carattere di controllo sbagliato"),
        new("marco-gallo", "Marco", "Gallo", new DateOnly(1988, 6, 10), false, "marco.gallo@example.org",
            "TINIT-GLLMRC88H10F205R", "Caso di errore: accesso di livello SPID 1 (solo password)") { Acr = "https://www.spid.gov.it/SpidL1" },
    ];

    public static TestIdentity? Find(string? key) => All.FirstOrDefault(i => i.Key == key);

    /// <summary>Prefix of the keys of generated families (see <see cref="TestIdpOptions.GeneratedFamilies"/>).</summary>
    public const string GeneratedPrefix = "famiglia-";

    /// <summary>
    /// A generated fictional family whose key carries its codice fiscale (<c>famiglia-RSSMRA85C52F205Q</c>):
    /// birth date and sex are read back from the code, so they agree with it. The caller builds codes that
    /// pass the checksum; this provider only checks the shape. Null for any other key.
    /// </summary>
    public static TestIdentity? Generated(string? key)
    {
        const string Months = "ABCDEHLMPRST";
        var code = key is not null && key.StartsWith(GeneratedPrefix, StringComparison.Ordinal) ? key[GeneratedPrefix.Length..] : "";
        var month = code.Length == 16 ? Months.IndexOf(code[8], StringComparison.Ordinal) : -1;
        if (month < 0 || !code.All(char.IsAsciiLetterOrDigit)
            || !int.TryParse(code.AsSpan(6, 2), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var year)
            || !int.TryParse(code.AsSpan(9, 2), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var day)
            || day is < 1 or > 71 or (> 31 and < 41))
        {
            return null;
        }

        var female = day > 40;
        var birth = new DateOnly(1900 + year + (year < 10 ? 100 : 0), month + 1, female ? day - 40 : day);
        return new TestIdentity(key!, "Famiglia", code[..3], birth, female, code.ToLowerInvariant() + "@example.org", "TINIT-" + code, "Famiglia generata");
    }
}
