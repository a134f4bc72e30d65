#include "sipcore/syntax/cseq.h"

#include "sipcore/syntax/headernames.h"
#include "sipcore/syntax/lexical.h"
#include "sipcore/syntax/syntaxerror.h"

#include <charconv>

namespace sipcore {

namespace {

using lexical::isWhitespace;
using lexical::trim;

} // namespace

Result<CSeq> CSeq::parse(std::string_view text)
{
    // CSeq = 1*DIGIT LWS Method (RFC 3261 §20.16); the number must fit 32 bits (§8.1.1.5).
    while (!text.empty() && isWhitespace(text.front()))
        text.remove_prefix(1);
    while (!text.empty() && isWhitespace(text.back()))
        text.remove_suffix(1);

    std::size_t digits = 0;
    while (digits < text.size() && text[digits] >= '0' && text[digits] <= '9')
        ++digits;
    if (digits == 0)
        return SyntaxError::BadCSeq;
    CSeq cseq;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + digits, cseq.sequence);
    if (ec != std::errc() || end != text.data() + digits)
        return SyntaxError::BadCSeq;

    std::size_t i = digits;
    while (i < text.size() && isWhitespace(text[i]))
        ++i;
    const std::string_view method = text.substr(i);
    if (i == digits || !isToken(method))
        return SyntaxError::BadCSeq;
    cseq.method = std::string(method);
    return cseq;
}

std::string CSeq::toString() const
{
    return std::to_string(sequence) + ' ' + method;
}

} // namespace sipcore
