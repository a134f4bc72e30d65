#include "sipcore/syntax/cseqview.h"

#include "sipcore/syntax/lexical.h"
#include "sipcore/syntax/syntaxerror.h"

namespace sipcore {

using namespace lexical;

Result<CSeqView> CSeqView::parse(std::string_view text)
{
    CSeqView out;
    if (const auto error = read(text, out))
        return error;
    return out;
}

std::error_code CSeqView::read(std::string_view text, CSeqView &out)
{
    // CSeq = 1*DIGIT LWS Method (RFC 3261 §20.16); the number must fit 32 bits (§8.1.1.5).
    text = trim(text);
    const std::size_t digits = span(text, Digit);
    CSeqView &cseq = out;
    if (!parseNumber(text.substr(0, digits), cseq.sequence))
        return SyntaxError::BadCSeq;
    const std::size_t method = skipWhitespace(text, digits);
    cseq.method = text.substr(method);
    if (method == digits || span(cseq.method, Token) != cseq.method.size() || cseq.method.empty())
        return SyntaxError::BadCSeq;
    return NoError;
}

} // namespace sipcore
