using System;
using System.Linq;
using System.Numerics;
using System.Text.RegularExpressions;
using HealthcareTools.Client.Deid;
using Xunit;

namespace HealthcareTools.Client.Tests.Deid
{
    public class DicomUidMapperTests
    {
        private static readonly Regex UidSyntax = new Regex(@"^(0|[1-9][0-9]*)(\.(0|[1-9][0-9]*))*$");

        [Fact]
        public void SameSourceSameNewUidWithinARun()
        {
            var mapper = new DicomUidMapper();
            var a = mapper.Map("1.2.3.4.5");
            Assert.Equal(a, mapper.Map("1.2.3.4.5"));
            Assert.Equal(a, mapper.Map("1.2.3.4.5\0"));
            Assert.NotEqual(a, mapper.Map("1.2.3.4.6"));
            Assert.Equal(2, mapper.Mappings.Count);
            Assert.True(mapper.IsMapped(a));
        }

        [Fact]
        public void RandomKeysDifferAcrossRunsAndAGivenKeyReproduces()
        {
            Assert.NotEqual(new DicomUidMapper().Map("1.2.3"), new DicomUidMapper().Map("1.2.3"));
            var key = Enumerable.Range(0, 32).Select(i => (byte)i).ToArray();
            Assert.Equal(new DicomUidMapper(key).Map("1.2.3"), new DicomUidMapper(key).Map("1.2.3"));
            Assert.Equal(new DicomUidMapper(key).Pseudonym("", "PAT1", 16), new DicomUidMapper(key).Pseudonym("", "PAT1", 16));
            Assert.Throws<ArgumentException>(() => new DicomUidMapper(new byte[8]));
        }

        [Fact]
        public void NewUidsAreValid2_25Uids()
        {
            var mapper = new DicomUidMapper();
            for (int i = 0; i < 500; i++)
            {
                var uid = mapper.Map("1.2.840.113619.2." + i);
                Assert.StartsWith("2.25.", uid);
                Assert.True(uid.Length <= 64, uid);
                Assert.Matches(UidSyntax, uid);
                Assert.True(BigInteger.Parse(uid.Substring(5)) < BigInteger.Pow(2, 128));
            }
        }

        [Fact]
        public void WellKnownAndEmptyUidsStay()
        {
            var mapper = new DicomUidMapper();
            Assert.Equal("1.2.840.10008.1.5.1", mapper.Map("1.2.840.10008.1.5.1"));
            Assert.Equal("", mapper.Map(""));
            Assert.Null(mapper.Map(null));
        }

        [Fact]
        public void PseudonymsFitTheirLengthAndAreConsistent()
        {
            var mapper = new DicomUidMapper();
            var p = mapper.Pseudonym("", "12345", 16);
            Assert.Equal(16, p.Length);
            Assert.StartsWith("ANON", p);
            Assert.Equal(p, mapper.Pseudonym("", "12345", 16));
            Assert.NotEqual(p, mapper.Pseudonym("", "12346", 16));
        }

        [Fact]
        public void ParallelUseGivesOneMappingPerSource()
        {
            var mapper = new DicomUidMapper();
            var sources = Enumerable.Range(0, 200).Select(i => "1.2.3." + (i % 50)).ToArray();
            var results = new System.Collections.Concurrent.ConcurrentBag<(string, string)>();
            System.Threading.Tasks.Parallel.ForEach(sources, s => results.Add((s, mapper.Map(s))));
            foreach (var group in results.GroupBy(r => r.Item1)) Assert.Single(group.Select(g => g.Item2).Distinct());
            Assert.Equal(50, results.Select(r => r.Item2).Distinct().Count());
            Assert.All(results, r => Assert.True(mapper.IsMapped(r.Item2)));
            Assert.False(mapper.IsMapped("1.2.3.0"));
        }
    }
}
