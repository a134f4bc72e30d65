#include "sipcore/syntax/nameaddr.h"

#include "sipcore/syntax/lexical.h"
#include "sipcore/syntax/syntaxerror.h"

namespace sipcore {

Result<NameAddr> NameAddr::parse(std::string_view text)
{
    const auto view = NameAddrView::parse(text);
    if (!view)
        return view.error();
    return from(*view);
}

NameAddr NameAddr::from(const NameAddrView &view)
{
    NameAddr result;
    const std::string_view name = view.displayName;
    result.displayName.reserve(name.size());
    for (std::size_t i = 0; i < name.size(); ++i) {
        if (view.quotedDisplayName) {
            if (name[i] == '\\')
                ++i; // validated: a quoted-pair always has its second octet
            result.displayName += name[i];
        } else if (!lexical::isWhitespace(name[i])) {
            result.displayName += name[i];
        } else if (!lexical::isWhitespace(name[i - 1])) {
            result.displayName += ' '; // not at 0 or the end: the view is trimmed
        }
    }
    result.uri = Uri::from(view.uri);
    result.parameters = Parameters::from(view.parameters);
    return result;
}

std::string NameAddr::toString() const
{
    std::string out;
    if (!displayName.empty()) {
        out += '"';
        for (const char c : displayName) {
            if (c == '\r' || c == '\n') {
                out += ' '; // no quoted-string can carry CR or LF (§25.1)
                continue;
            }
            // Quote what qdtext cannot carry as written: DQUOTE, backslash and controls.
            const auto octet = static_cast<unsigned char>(c);
            if (c == '"' || c == '\\' || octet < 0x20 || octet == 0x7f)
                out += '\\';
            out += c;
        }
        out += "\" ";
    }
    out += '<';
    out += uri.toString();
    out += '>';
    parameters.appendTo(out);
    return out;
}

} // namespace sipcore
