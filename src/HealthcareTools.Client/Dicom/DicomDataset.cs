using System;
using System.Collections;
using System.Collections.Generic;

namespace HealthcareTools.Client.Dicom
{
    /// <summary>
    /// An ordered collection of data elements (a dataset or a sequence item). Keeps the order the
    /// elements were read or added in, so a file round-trips unchanged; look up by tag or keyword.
    /// </summary>
    public sealed class DicomDataset : IEnumerable<DicomElement>
    {
        private readonly List<DicomElement> elements = new List<DicomElement>();
        private readonly Dictionary<uint, int> indexByTag = new Dictionary<uint, int>();

        public DicomDataset() { }

        public DicomDataset(IEnumerable<DicomElement> elements)
        {
            foreach (var element in elements) AddOrUpdate(element);
        }

        public int Count => elements.Count;

        /// <summary>Character set for text read into this dataset: its own (0008,0005), else the parent's.</summary>
        public DicomCharacterSet CharacterSet { get; internal set; } = DicomCharacterSet.Default;

        /// <summary>The element with this tag, or null.</summary>
        public DicomElement this[DicomTag tag] => indexByTag.TryGetValue(tag.Value, out var index) ? elements[index] : null;

        /// <summary>The element for a keyword ("PatientName") or tag text ("00100010", "(0010,0010)"), or null.</summary>
        public DicomElement this[string keywordOrTag] => this[DicomTag.Parse(keywordOrTag)];

        public bool Contains(DicomTag tag) => indexByTag.ContainsKey(tag.Value);

        public bool TryGetElement(DicomTag tag, out DicomElement element)
        {
            element = this[tag];
            return element != null;
        }

        /// <summary>First string value of the element, or null when absent, empty or without a text form (see <see cref="DicomElement.GetStrings"/>).</summary>
        public string GetString(DicomTag tag) => this[tag]?.GetString();

        public string GetString(string keywordOrTag) => this[keywordOrTag]?.GetString();

        /// <summary>All string values of the element; empty when absent or without a text form.</summary>
        public string[] GetStrings(DicomTag tag) => this[tag]?.GetStrings() ?? new string[0];

        /// <summary>DA/DT/TM value as DateTime, or null.</summary>
        public DateTime? GetDateTime(DicomTag tag) => this[tag]?.GetDateTime();

        /// <summary>The items of a sequence, or an empty list when absent or not a sequence.</summary>
        public IReadOnlyList<DicomDataset> GetSequence(DicomTag tag) => (this[tag] as DicomSequence)?.Items ?? (IReadOnlyList<DicomDataset>)new DicomDataset[0];

        /// <summary>Appends, or replaces in place an element with the same tag.</summary>
        public void AddOrUpdate(DicomElement element)
        {
            if (element == null) throw new ArgumentNullException(nameof(element));
            if (indexByTag.TryGetValue(element.Tag.Value, out var index))
            {
                elements[index] = element;
                return;
            }
            indexByTag.Add(element.Tag.Value, elements.Count);
            elements.Add(element);
        }

        /// <summary>Adds a text element, encoding it with this dataset's character set.</summary>
        public DicomElement AddOrUpdate(DicomTag tag, DicomVR vr, params string[] values)
        {
            var element = DicomElementFactory.FromStrings(tag, vr, values, CharacterSet);
            AddOrUpdate(element);
            return element;
        }

        public bool Remove(DicomTag tag)
        {
            if (!indexByTag.TryGetValue(tag.Value, out var index)) return false;
            elements.RemoveAt(index);
            indexByTag.Remove(tag.Value);
            for (int i = index; i < elements.Count; i++) indexByTag[elements[i].Tag.Value] = i;
            return true;
        }

        /// <summary>Adds an element read from input; a repeated tag (invalid, but seen) keeps the first.</summary>
        internal void AddRead(DicomElement element)
        {
            if (indexByTag.ContainsKey(element.Tag.Value)) return;
            indexByTag.Add(element.Tag.Value, elements.Count);
            elements.Add(element);
        }

        /// <summary>The creator string reserving the private block of <paramref name="tag"/>, or null.</summary>
        public string GetPrivateCreator(DicomTag tag)
        {
            if (!tag.IsPrivate || tag.Element < 0x1000) return null;
            return this[tag.PrivateCreatorTag]?.GetString();
        }

        public IEnumerator<DicomElement> GetEnumerator() => elements.GetEnumerator();

        IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
    }
}
