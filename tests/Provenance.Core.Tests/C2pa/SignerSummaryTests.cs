using System.Security.Cryptography.X509Certificates;
using Provenance.Core.C2pa;
using Provenance.Core.Cose;
using Provenance.Testing;

namespace Provenance.Core.Tests.C2pa;

public sealed class SignerSummaryTests
{
    [Fact]
    public void Each_signer_is_described_from_its_own_certificate_even_when_they_alternate()
    {
        // c2pa-rs's ES256 and PS256 test signers: different names and serial numbers. Alternating them makes each
        // first call of a round meet the remembered summary of the other signer, which must not be reused. (Whether
        // the second call is answered from memory depends on other tests running meanwhile, so it is not asserted.)
        var folder = Path.Combine(RepositoryPaths.C2paFixtures, "certs");
        var messages = new[] { ("es256", CoseAlgorithm.ES256), ("ps256", CoseAlgorithm.PS256) }.Select(pair =>
        {
            using var credential = C2paSigningCredential.FromPem(
                File.ReadAllText(Path.Combine(folder, pair.Item1 + ".pub")), File.ReadAllText(Path.Combine(folder, pair.Item1 + ".pem")), pair.Item2);
            return CoseSign1Message.Decode(CoseSign1Writer.Sign(credential, "a claim"u8.ToArray()));
        }).ToArray();

        for (int round = 0; round < 3; round++)
        {
            foreach (var message in messages)
            {
                using var leaf = message.ReadSignerCertificate();
                var summary = SignerSummary.Of(message);
                Assert.Equal(leaf.SerialNumber, summary.SerialNumber);
                Assert.Equal(leaf.GetNameInfo(X509NameType.SimpleName, forIssuer: false), summary.CommonName);
                Assert.Equal(summary, SignerSummary.Of(message));
            }
        }
        Assert.NotEqual(SignerSummary.Of(messages[0]), SignerSummary.Of(messages[1]));
    }
}
