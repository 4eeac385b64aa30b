using System;
using System.Collections.Generic;
using System.Text;

namespace HealthcareTools.Emulator.Http
{
    /// <summary>
    /// The list filter of store lists (AIP-160 subset on labels only): <c>labels.k=v</c>,
    /// <c>labels."k"="v"</c>, <c>labels.k:*</c> (exists), <c>labels.k:v</c>, <c>labels.k!=v</c>, combined with
    /// AND (or juxtaposition), OR, NOT / '-', and parentheses. Anything else is INVALID_ARGUMENT.
    /// </summary>
    public sealed class LabelFilter
    {
        private readonly Func<IReadOnlyDictionary<string, string>, bool> _predicate;

        private LabelFilter(Func<IReadOnlyDictionary<string, string>, bool> predicate)
        {
            _predicate = predicate;
        }

        public bool Matches(IReadOnlyDictionary<string, string> labels) => _predicate(labels);

        /// <summary>Parses a filter; null or blank gives a filter that matches everything.</summary>
        public static LabelFilter Parse(string filter)
        {
            if (string.IsNullOrWhiteSpace(filter)) return new LabelFilter(_ => true);
            var parser = new Parser(filter);
            var predicate = parser.ParseOr();
            parser.SkipSpace();
            if (!parser.AtEnd) throw parser.Error("unexpected text");
            return new LabelFilter(predicate);
        }

        private sealed class Parser
        {
            private readonly string _text;
            private int _pos;

            public Parser(string text)
            {
                _text = text;
            }

            public bool AtEnd => _pos >= _text.Length;

            public ApiException Error(string what) =>
                ApiException.InvalidArgument($"Invalid filter '{_text}': {what} at position {_pos}. Only labels can be filtered on: labels.key=value, labels.key:*, combined with AND, OR, NOT.");

            public void SkipSpace()
            {
                while (!AtEnd && char.IsWhiteSpace(_text[_pos])) _pos++;
            }

            private bool TryKeyword(string keyword)
            {
                SkipSpace();
                if (string.CompareOrdinal(_text, _pos, keyword, 0, keyword.Length) != 0) return false;
                int end = _pos + keyword.Length;
                if (end < _text.Length && !char.IsWhiteSpace(_text[end]) && _text[end] != '(') return false;
                _pos = end;
                return true;
            }

            public Func<IReadOnlyDictionary<string, string>, bool> ParseOr()
            {
                var left = ParseAnd();
                while (TryKeyword("OR"))
                {
                    var l = left;
                    var r = ParseAnd();
                    left = labels => l(labels) || r(labels);
                }
                return left;
            }

            private Func<IReadOnlyDictionary<string, string>, bool> ParseAnd()
            {
                var left = ParseUnary();
                while (true)
                {
                    SkipSpace();
                    if (AtEnd || _text[_pos] == ')') return left;
                    int save = _pos;
                    if (TryKeyword("OR"))
                    {
                        _pos = save;
                        return left;
                    }
                    TryKeyword("AND");
                    var l = left;
                    var r = ParseUnary();
                    left = labels => l(labels) && r(labels);
                }
            }

            private Func<IReadOnlyDictionary<string, string>, bool> ParseUnary()
            {
                SkipSpace();
                if (AtEnd) throw Error("expression expected");
                if (TryKeyword("NOT"))
                {
                    var inner = ParseUnary();
                    return labels => !inner(labels);
                }
                if (_text[_pos] == '-')
                {
                    _pos++;
                    var inner = ParseUnary();
                    return labels => !inner(labels);
                }
                if (_text[_pos] == '(')
                {
                    _pos++;
                    var inner = ParseOr();
                    SkipSpace();
                    if (AtEnd || _text[_pos] != ')') throw Error("')' expected");
                    _pos++;
                    return inner;
                }
                return ParseComparison();
            }

            private Func<IReadOnlyDictionary<string, string>, bool> ParseComparison()
            {
                const string prefix = "labels.";
                if (string.CompareOrdinal(_text, _pos, prefix, 0, prefix.Length) != 0) throw Error("'labels.' expected");
                _pos += prefix.Length;
                string key = ReadOperand(isKey: true);
                SkipSpace();
                string op;
                if (Peek("!=")) op = "!=";
                else if (Peek("=")) op = "=";
                else if (Peek(":")) op = ":";
                else throw Error("'=', '!=' or ':' expected");
                _pos += op.Length;
                SkipSpace();
                bool quoted = !AtEnd && _text[_pos] == '"';
                string value = ReadOperand(isKey: false);
                if (op == ":" && value == "*" && !quoted) return labels => labels.ContainsKey(key);
                if (op == "!=") return labels => !labels.TryGetValue(key, out var v) || v != value;
                return labels => labels.TryGetValue(key, out var v) && v == value;
            }

            private bool Peek(string token) => string.CompareOrdinal(_text, _pos, token, 0, token.Length) == 0;

            private string ReadOperand(bool isKey)
            {
                if (AtEnd) throw Error(isKey ? "label key expected" : "value expected");
                if (_text[_pos] == '"')
                {
                    var builder = new StringBuilder();
                    _pos++;
                    while (!AtEnd && _text[_pos] != '"')
                    {
                        if (_text[_pos] == '\\' && _pos + 1 < _text.Length) _pos++;
                        builder.Append(_text[_pos++]);
                    }
                    if (AtEnd) throw Error("unterminated string");
                    _pos++;
                    return builder.ToString();
                }
                int start = _pos;
                while (!AtEnd && !char.IsWhiteSpace(_text[_pos]) && _text[_pos] != '(' && _text[_pos] != ')' &&
                       _text[_pos] != '=' && _text[_pos] != ':' && _text[_pos] != '!' && _text[_pos] != '"') _pos++;
                if (_pos == start) throw Error(isKey ? "label key expected" : "value expected");
                return _text.Substring(start, _pos - start);
            }
        }
    }
}
