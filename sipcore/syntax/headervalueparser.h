#pragma once

#include "sipcore/syntax/headernames.h"
#include "sipcore/syntax/headervalue.h"
#include "sipcore/syntax/lexical.h"

#include <string_view>
#include <vector>

namespace sipcore {

/// Reads the values of one header field into their typed forms (HeaderValue). Each known
/// header has its RFC grammar; a list header (§7.3.1) is split at the commas outside quoted
/// strings and <> first. Free-text and unknown headers (Subject, Organization,
/// HeaderId::Other, …) have no typed form and add no values.
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
        std::size_t start = 0;
        for (std::size_t end = nextComma(value, 0); true; end = nextComma(value, start)) {
            element(lexical::trim(value.substr(start, end - start)));
            if (end >= value.size())
                return;
            start = end + 1;
        }
    }

private:
    /// The index of the next list-separating comma at or after \a from, or value.size().
    static std::size_t nextComma(std::string_view value, std::size_t from);
};

} // namespace sipcore
