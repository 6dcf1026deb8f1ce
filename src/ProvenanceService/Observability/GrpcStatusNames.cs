using Grpc.Core;

namespace ProvenanceService.Observability;

/// <summary>Status codes by their canonical gRPC names (INVALID_ARGUMENT, ...), as grpc_status in other stacks' metrics.</summary>
internal static class GrpcStatusNames
{
    private static readonly Dictionary<StatusCode, string> Names = Enum.GetValues<StatusCode>().ToDictionary(s => s, Canonical);

    public static string Name(StatusCode status) => Names.TryGetValue(status, out var name) ? name : ((int)status).ToString(System.Globalization.CultureInfo.InvariantCulture);

    private static string Canonical(StatusCode status)
    {
        var pascal = status.ToString();
        var name = new System.Text.StringBuilder(pascal.Length + 4);
        for (var i = 0; i < pascal.Length; i++)
        {
            if (i > 0 && char.IsUpper(pascal[i]) && char.IsLower(pascal[i - 1]))
            {
                name.Append('_');
            }
            name.Append(char.ToUpperInvariant(pascal[i]));
        }
        return name.ToString();
    }
}
