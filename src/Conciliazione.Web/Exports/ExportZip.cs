using System.IO.Compression;

namespace Conciliazione.Web.Exports;

/// <summary>Several tables as one download: a ZIP with one <c>&lt;Id&gt;.csv</c> per table (the report's data).</summary>
public static class ExportZip
{
    public const string ContentType = "application/zip";

    public static byte[] Csv(IReadOnlyList<ExportTable> tables)
    {
        ArgumentNullException.ThrowIfNull(tables);
        var ids = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        using var stream = new MemoryStream();
        using (var zip = new ZipArchive(stream, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var table in tables)
            {
                var name = ExportFile.Safe(table.Id);
                if (!ids.Add(name))
                {
                    throw new InvalidOperationException($"Two tables with the id '{table.Id}' in one ZIP.");
                }

                var entry = zip.CreateEntry(name + ".csv", CompressionLevel.Optimal);
                using var entryStream = entry.Open();
                entryStream.Write(ItalianCsv.Write(table));
            }
        }

        return stream.ToArray();
    }
}
