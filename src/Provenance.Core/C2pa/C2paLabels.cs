namespace Provenance.Core.C2pa;

/// <summary>JUMBF box labels and assertion labels defined by the C2PA specification.</summary>
internal static class C2paLabels
{
    public const string ManifestStore = "c2pa";
    public const string AssertionStore = "c2pa.assertions";
    public const string ClaimV1 = "c2pa.claim";
    public const string ClaimV2 = "c2pa.claim.v2";
    public const string Signature = "c2pa.signature";

    public const string Actions = "c2pa.actions";
    public const string ActionsV2 = "c2pa.actions.v2";
    public const string DataHash = "c2pa.hash.data";
    public const string BoxesHash = "c2pa.hash.boxes";
    public const string BmffHash = "c2pa.hash.bmff";
    public const string BmffHashV2 = "c2pa.hash.bmff.v2";
    public const string BmffHashV3 = "c2pa.hash.bmff.v3";
    public const string CollectionHash = "c2pa.hash.collection.data";
    public const string SoftBinding = "c2pa.soft-binding";
    public const string Ingredient = "c2pa.ingredient";
    public const string IngredientV2 = "c2pa.ingredient.v2";
    public const string IngredientV3 = "c2pa.ingredient.v3";
    public const string ThumbnailClaimPrefix = "c2pa.thumbnail.claim";
    public const string CawgIdentity = "cawg.identity";

    public const string UriPrefix = "self#jumbf=";

    /// <summary>An assertion's label without the <c>__N</c> suffix that numbers multiple instances.</summary>
    public static string BaseLabel(string label)
    {
        var marker = label.LastIndexOf("__", StringComparison.Ordinal);
        if (marker > 0 && marker + 2 < label.Length && label.AsSpan(marker + 2).IndexOfAnyExceptInRange('0', '9') < 0)
        {
            return label[..marker];
        }
        return label;
    }

    public static bool IsHardBinding(string label) => BaseLabel(label) is DataHash or BoxesHash or BmffHash or BmffHashV2 or BmffHashV3 or CollectionHash;

    public static bool IsIngredient(string label) => BaseLabel(label) is Ingredient or IngredientV2 or IngredientV3;

    public static bool IsActions(string label) => BaseLabel(label) is Actions or ActionsV2;

    public static bool IsThumbnail(string label) => label.StartsWith("c2pa.thumbnail.", StringComparison.Ordinal);
}
