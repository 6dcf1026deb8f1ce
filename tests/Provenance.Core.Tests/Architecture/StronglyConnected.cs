namespace Provenance.Core.Tests.Architecture;

/// <summary>
/// The strongly connected components of a directed graph (Tarjan's algorithm): every component of more than one
/// node is a set of namespaces that reach each other, so each of them sits on an import cycle.
/// </summary>
internal static class StronglyConnected
{
    public static List<List<string>> Components(IEnumerable<(string From, string To)> edges)
    {
        var successors = new Dictionary<string, List<string>>();
        foreach (var (from, to) in edges)
        {
            Successors(from).Add(to);
            Successors(to);
        }

        var index = new Dictionary<string, int>();
        var lowLink = new Dictionary<string, int>();
        var stack = new Stack<string>();
        var onStack = new HashSet<string>();
        var components = new List<List<string>>();

        // Ordinal order keeps the components and their members in the same order on every run.
        foreach (var node in successors.Keys.Order(StringComparer.Ordinal).ToList())
        {
            if (!index.ContainsKey(node))
            {
                Visit(node);
            }
        }

        return components;

        List<string> Successors(string node)
        {
            if (!successors.TryGetValue(node, out var list))
            {
                successors[node] = list = [];
            }

            return list;
        }

        void Visit(string node)
        {
            index[node] = lowLink[node] = index.Count;
            stack.Push(node);
            onStack.Add(node);
            foreach (var next in successors[node])
            {
                if (!index.ContainsKey(next))
                {
                    Visit(next);
                    lowLink[node] = Math.Min(lowLink[node], lowLink[next]);
                }
                else if (onStack.Contains(next))
                {
                    lowLink[node] = Math.Min(lowLink[node], index[next]);
                }
            }

            if (lowLink[node] == index[node])
            {
                var component = new List<string>();
                string member;
                do
                {
                    member = stack.Pop();
                    onStack.Remove(member);
                    component.Add(member);
                }
                while (member != node);

                component.Sort(StringComparer.Ordinal);
                components.Add(component);
            }
        }
    }
}
