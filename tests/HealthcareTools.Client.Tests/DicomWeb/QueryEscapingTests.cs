using HealthcareTools.Client.DicomWeb;
using Xunit;

namespace HealthcareTools.Client.Tests.DicomWeb
{
    public class QueryEscapingTests
    {
        [Theory]
        [InlineData("DOE*", "DOE*")]
        [InlineData("D?E", "D?E")]
        [InlineData("Doe^John", "Doe%5EJohn")]
        [InlineData("a&b=c", "a%26b%3Dc")]
        [InlineData("20240101-20240131", "20240101-20240131")]
        [InlineData("1.2.3,1.2.4", "1.2.3,1.2.4")]
        public void KeepsWildcardsLiteralAndEscapesTheRest(string value, string expected) =>
            Assert.Equal(expected, DicomWebClient.Escape(value));
    }
}
