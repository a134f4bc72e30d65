#pragma once

#include "sipcore/syntax/headernames.h"
#include "sipcore/syntax/headervalue.h"
#include "sipcore/syntax/lexical.h"

#include <string_view>
#include <vector>

namespace sipcore {

/// Reads the values of one header field into their typed forms (HeaderValue). Each known
/// header has its RFC grammar; a list header (§7.3.1) has one value per element, the elements
/// separated by the commas outside quoted strings and <> (Via and name-addr lists are read in
/// one pass, their readers stopping at those commas; other lists are split first). Free-text
/// and unknown headers (Subject, Organization, HeaderId::Other, …) have no typed form and add
/// no values.
class HeaderValueParser
{
public:
    /// The deepest comment nesting followed in User-Agent, Server and Retry-After.
    static constexpr int MaxCommentDepth = 8;

    /// Appends the values of a field of header \a id whose value is \a value to \a out, one
    /// per list element, each with its typed form or its error. Returns the first error. An
    /// empty field of a header whose grammar allows it (Allow, Supported, Accept, …) has no
    /// values; any other empty value or list element is malformed.
    static std::error_code
    parse(HeaderId id, std::string_view value, std::vector<HeaderValue> &out);
    /// True when the header's grammar is a comma-separated list.
    static bool isList(HeaderId id);
    /// Calls \a element with each element of a comma-separated list, trimmed; empty elements
    /// included.
    template<class Callback>
    static void split(std::string_view value, Callback &&element)
    {
        // Commas inside quoted strings and <> do not separate (§7.3.1). Most values hold no
        // comma at all, which find() (memchr) tells fastest.
        if (value.find(',') == std::string_view::npos) {
            element(lexical::trim(value));
            return;
        }
        std::size_t start = 0;
        bool inAngles = false;
        for (std::size_t i = nextDelimiter(value, 0); i < value.size();
             i = nextDelimiter(value, i + 1)) {
            switch (value[i]) {
            case '"':
                for (++i; i < value.size() && value[i] != '"'; ++i) {
                    if (value[i] == '\\')
                        ++i; // a quoted-pair; the loop bound keeps a trailing '\\' in range
                }
                break;
            case '<':
                inAngles = true;
                break;
            case '>':
                inAngles = false;
                break;
            case ',':
                if (!inAngles) {
                    element(lexical::trim(value.substr(start, i - start)));
                    start = i + 1;
                }
                break;
            default:
                break;
            }
        }
        element(lexical::trim(value.substr(start)));
    }

private:
    /// The index of the first '"', '<', '>' or ',' at or after \a from, or value.size().
    static std::size_t nextDelimiter(std::string_view value, std::size_t from);
};

} // namespace sipcore
