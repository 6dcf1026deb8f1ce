using System.Formats.Cbor;
using Provenance.Core.Cbor;

namespace Provenance.Core.C2pa.Assertions;

/// <summary>The <c>c2pa.actions.v2</c> assertion: encoding for the builder, decoding for the summary.</summary>
internal static class ActionsAssertion
{
    public static byte[] Encode(IReadOnlyList<ActionEntry> actions)
    {
        var writer = new CborWriter(CborConformanceMode.Lax, convertIndefiniteLengthEncodings: false);
        writer.WriteStartMap(1);
        writer.WriteTextString("actions");
        writer.WriteStartArray(actions.Count);
        foreach (var action in actions)
        {
            var fields = 1 + (action.DigitalSourceType is null ? 0 : 1) + (action.SoftwareAgentName is null ? 0 : 1)
                + (action.When is null ? 0 : 1) + (action.Description is null ? 0 : 1) + (action.Changes is null ? 0 : 1)
                + (action.Ingredients is null && action.Parameters is null ? 0 : 1);
            writer.WriteStartMap(fields);
            writer.WriteTextString("action");
            writer.WriteTextString(action.Action);
            if (action.When is not null)
            {
                // The CDDL says tdate (tag 0); c2pa-rs and other writers store the plain RFC 3339 text, which every
                // reader accepts, so the tag is left out.
                writer.WriteTextString("when");
                writer.WriteTextString(action.When);
            }
            if (action.SoftwareAgentName is not null)
            {
                // A generator-info-map (actions v2), not the v1 free-text agent.
                writer.WriteTextString("softwareAgent");
                writer.WriteStartMap(action.SoftwareAgentVersion is null ? 1 : 2);
                writer.WriteTextString("name");
                writer.WriteTextString(action.SoftwareAgentName);
                if (action.SoftwareAgentVersion is not null)
                {
                    writer.WriteTextString("version");
                    writer.WriteTextString(action.SoftwareAgentVersion);
                }
                writer.WriteEndMap();
            }
            if (action.DigitalSourceType is not null)
            {
                writer.WriteTextString("digitalSourceType");
                writer.WriteTextString(action.DigitalSourceType);
            }
            if (action.Description is not null)
            {
                writer.WriteTextString("description");
                writer.WriteTextString(action.Description);
            }
            if (action.Changes is not null)
            {
                writer.WriteTextString("changes");
                writer.WriteStartArray(action.Changes.Count);
                foreach (var region in action.Changes)
                {
                    region.WriteTo(writer);
                }
                writer.WriteEndArray();
            }
            if (action.Ingredients is not null || action.Parameters is not null)
            {
                writer.WriteTextString("parameters");
                writer.WriteStartMap((action.Ingredients is null ? 0 : 1) + (action.Parameters?.Count ?? 0));
                if (action.Ingredients is not null)
                {
                    writer.WriteTextString("ingredients");
                    writer.WriteStartArray(action.Ingredients.Count);
                    foreach (var ingredient in action.Ingredients)
                    {
                        ingredient.WriteTo(writer);
                    }
                    writer.WriteEndArray();
                }
                foreach (var parameter in action.Parameters ?? [])
                {
                    writer.WriteTextString(parameter.Key);
                    parameter.WriteValue(writer);
                }
                writer.WriteEndMap();
            }
            writer.WriteEndMap();
        }
        writer.WriteEndArray();
        writer.WriteEndMap();
        return writer.Encode();
    }

    /// <summary>The actions of a decoded actions assertion (v1 or v2); entries that are not maps are skipped.</summary>
    public static IReadOnlyList<ActionEntry> Decode(CborNode node)
    {
        if (!node.TryGetArray("actions", out var items))
        {
            return [];
        }
        var actions = new List<ActionEntry>();
        foreach (var item in items)
        {
            if (!item.IsMap || item.GetText("action") is not { } name)
            {
                continue;
            }
            string? agentName = null, agentVersion = null;
            switch (item["softwareAgent"])
            {
                case { Kind: CborKind.TextString } text:
                    agentName = text.Text;
                    break;
                case { IsMap: true } map:
                    agentName = map.GetText("name");
                    agentVersion = map.GetText("version");
                    break;
            }
            var when = item["when"]?.Untagged() is { } w ? (w.Kind == CborKind.Tag ? w.Tagged?.Text : w.Text) : null;
            actions.Add(new ActionEntry(name, item.GetText("digitalSourceType"), agentName, agentVersion, when, item.GetText("description")));
        }
        return actions;
    }
}
