#include "sipcore/syntax/headervalueparser.h"

#include "sipcore/syntax/lexical.h"
#include "sipcore/syntax/syntaxerror.h"

#include <bit>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace sipcore {

namespace {

using namespace lexical;
using Kind = ParameterizedValueView::Kind;

enum class Shape : std::uint8_t {
    None, // free text or unknown: no typed form
    Via,
    NameAddr,
    ContactList, // name-addrs or a lone "*"
    CallId,
    CSeq,
    Number,
    Token, // one token per element
    Products,
    Parameterized,
    Challenge,
    AuthenticationInfo,
    RAck,
    Warning,
    Date,
};

struct Grammar
{
    Shape shape = Shape::None;
    bool list = false;
    bool mayBeEmpty = false; // an empty field is an empty list
    Kind kind = Kind::Token; // for Shape::Parameterized
};

constexpr Grammar grammarOf(HeaderId id)
{
    switch (id) {
    case HeaderId::Via:
        return {Shape::Via, true};
    case HeaderId::From:
    case HeaderId::To:
    case HeaderId::ReferTo:
    case HeaderId::ReferredBy:
        return {Shape::NameAddr};
    case HeaderId::Contact:
        return {Shape::ContactList, true};
    case HeaderId::Route:
    case HeaderId::RecordRoute:
    case HeaderId::ReplyTo:
    case HeaderId::PAssertedIdentity:
    case HeaderId::PPreferredIdentity:
    case HeaderId::AlertInfo:
    case HeaderId::CallInfo:
    case HeaderId::ErrorInfo:
        return {Shape::NameAddr, true};
    case HeaderId::CallId:
        return {Shape::CallId};
    case HeaderId::InReplyTo:
        return {Shape::CallId, true};
    case HeaderId::CSeq:
        return {Shape::CSeq};
    case HeaderId::ContentLength:
    case HeaderId::MaxForwards:
    case HeaderId::Expires:
    case HeaderId::MinExpires:
    case HeaderId::RSeq:
        return {Shape::Number};
    case HeaderId::Allow:
    case HeaderId::Supported:
    case HeaderId::Require:
    case HeaderId::ProxyRequire:
    case HeaderId::Unsupported:
    case HeaderId::AllowEvents:
    case HeaderId::ContentEncoding:
    case HeaderId::ContentLanguage:
        return {Shape::Token, true, true};
    case HeaderId::Priority:
        return {Shape::Token};
    case HeaderId::UserAgent:
    case HeaderId::Server:
        return {Shape::Products};
    case HeaderId::Event:
    case HeaderId::SubscriptionState:
    case HeaderId::ContentDisposition:
        return {Shape::Parameterized, false, false, Kind::Token};
    case HeaderId::Reason:
        return {Shape::Parameterized, true, false, Kind::Token};
    case HeaderId::AcceptEncoding:
    case HeaderId::AcceptLanguage:
        return {Shape::Parameterized, true, true, Kind::Token};
    case HeaderId::ContentType:
        return {Shape::Parameterized, false, false, Kind::MediaType};
    case HeaderId::Accept:
        return {Shape::Parameterized, true, true, Kind::MediaRange};
    case HeaderId::SessionExpires:
    case HeaderId::MinSE:
        return {Shape::Parameterized, false, false, Kind::DeltaSeconds};
    case HeaderId::RetryAfter:
        return {Shape::Parameterized, false, false, Kind::DeltaSecondsComment};
    case HeaderId::Replaces:
        return {Shape::Parameterized, false, false, Kind::CallId};
    case HeaderId::WwwAuthenticate:
    case HeaderId::ProxyAuthenticate:
    case HeaderId::Authorization:
    case HeaderId::ProxyAuthorization:
        return {Shape::Challenge};
    case HeaderId::AuthenticationInfo:
        return {Shape::AuthenticationInfo};
    case HeaderId::RAck:
        return {Shape::RAck};
    case HeaderId::Warning:
        return {Shape::Warning, true};
    case HeaderId::Date:
        return {Shape::Date};
    default:
        return {};
    }
}

// server-val *( LWS server-val ), server-val = product / comment, product = token [SLASH
// product-version] (§20.35, §20.41).
std::error_code checkProducts(std::string_view text)
{
    std::size_t i = 0;
    bool any = false;
    while ((i = skipWhitespace(text, i)) < text.size()) {
        if (text[i] == '(') {
            bool tooDeep = false;
            const std::size_t length
                    = commentLength(text.substr(i), HeaderValueParser::MaxCommentDepth, tooDeep);
            if (length == 0)
                return tooDeep ? SyntaxError::NestingTooDeep : SyntaxError::BadHeaderValue;
            i += length;
        } else {
            const std::size_t product = span(text, Token, i);
            if (product == 0)
                return SyntaxError::BadHeaderValue;
            i += product;
            std::size_t slash = skipWhitespace(text, i);
            if (slash < text.size() && text[slash] == '/') {
                slash = skipWhitespace(text, slash + 1);
                const std::size_t version = span(text, Token, slash);
                if (version == 0)
                    return SyntaxError::BadHeaderValue;
                i = slash + version;
            }
        }
        any = true;
    }
    return any ? NoError : std::error_code(SyntaxError::BadHeaderValue);
}

// Reads a View in place, inside the value's variant.
template<class View, class... Extra>
void store(HeaderValue &value, Extra... extra)
{
    View &view = value.typed.emplace<View>();
    if (const auto error = View::read(value.text, extra..., view)) {
        value.typed = std::monostate();
        value.error = error;
    }
}

void parseElement(const Grammar &grammar, HeaderValue &value)
{
    const std::string_view text = value.text;
    switch (grammar.shape) {
    case Shape::None:
        return;
    case Shape::Via:
        store<ViaView>(value);
        return;
    case Shape::ContactList:
        if (text == "*") {
            value.typed = text;
            return;
        }
        [[fallthrough]];
    case Shape::NameAddr:
        store<NameAddrView>(value);
        return;
    case Shape::CallId:
        if (isCallId(text))
            value.typed = text;
        else
            value.error = SyntaxError::BadHeaderValue;
        return;
    case Shape::CSeq:
        store<CSeqView>(value);
        return;
    case Shape::Number: {
        std::uint32_t number = 0;
        if (parseNumber(text, number))
            value.typed = number;
        else
            value.error = SyntaxError::BadNumber;
        return;
    }
    case Shape::Token:
        if (!text.empty() && span(text, Token) == text.size())
            value.typed = text;
        else
            value.error = SyntaxError::BadHeaderValue;
        return;
    case Shape::Products:
        value.error = checkProducts(text);
        if (!value.error)
            value.typed = text;
        return;
    case Shape::Parameterized:
        store<ParameterizedValueView>(value, grammar.kind);
        return;
    case Shape::Challenge:
        store<ChallengeView>(value, true);
        return;
    case Shape::AuthenticationInfo:
        store<ChallengeView>(value, false);
        return;
    case Shape::RAck:
        store<RAckView>(value);
        return;
    case Shape::Warning:
        store<WarningView>(value);
        return;
    case Shape::Date:
        store<SipDate>(value);
        return;
    }
}

// A well-formed token list, token *( LWS "," LWS token ), in one pass: appends one value per
// token, as the general path would, and returns true. Anything else appends nothing and returns
// false, and the general path reads it (and names its error).
bool readTokenList(std::string_view value, std::vector<HeaderValue> &out)
{
    const std::size_t firstIndex = out.size();
    std::size_t i = 0;
    while (true) {
        const std::size_t length = span(value, Token, i);
        const std::size_t end = skipWhitespace(value, i + length);
        if (length == 0 || (end < value.size() && value[end] != ',')) {
            out.resize(firstIndex);
            return false;
        }
        HeaderValue &added = out.emplace_back();
        added.text = value.substr(i, length);
        added.typed = added.text;
        if (end == value.size())
            return true;
        i = skipWhitespace(value, end + 1);
    }
}

// A list of Via or name-addr values read in one pass: each reader stops at the ',' that ends
// its value, so the list needs no splitting pass first. Appends one value per element, as the
// general path would, and returns true. Anything a reader does not take (an addr-spec, a
// Contact "*", an empty element, a malformed value) appends nothing and returns false, and the
// general path reads it (and names its error).
template<class View>
bool readListed(std::string_view value, std::vector<HeaderValue> &out)
{
    const std::size_t firstIndex = out.size();
    std::size_t i = 0;
    while (true) {
        HeaderValue &added = out.emplace_back();
        View &view = added.typed.emplace<View>();
        const std::string_view rest = value.substr(i);
        std::size_t end = 0;
        if (View::readListed(rest, view, end)) {
            out.resize(firstIndex);
            return false;
        }
        added.text = trim(rest.substr(0, end));
        if (end == rest.size())
            return true;
        i = skipWhitespace(value, i + end + 1);
        if (i == value.size()) {
            out.resize(firstIndex); // a trailing comma: an empty element
            return false;
        }
    }
}

// The error an empty value or list element gets: that of its shape.
std::error_code emptyError(Shape shape)
{
    switch (shape) {
    case Shape::Via:
        return SyntaxError::BadVia;
    case Shape::NameAddr:
    case Shape::ContactList:
        return SyntaxError::BadNameAddr;
    case Shape::CSeq:
        return SyntaxError::BadCSeq;
    case Shape::Number:
        return SyntaxError::BadNumber;
    default:
        return SyntaxError::BadHeaderValue;
    }
}

// Appends one value read from \a element (trimmed); returns its error.
std::error_code
addElement(const Grammar &grammar, std::string_view element, std::vector<HeaderValue> &out)
{
    HeaderValue &added = out.emplace_back();
    added.text = element;
    if (element.empty())
        added.error = emptyError(grammar.shape);
    else
        parseElement(grammar, added);
    return added.error;
}

// The values of a list header (\a value trimmed and not empty, or empty where the grammar does
// not allow it): in one pass where a reader can tell each element's end, else split first.
// Kept out of line: HeaderValueParser::parse() runs for every field, most of them no list, and
// was measured slower with all of this inlined into it.
[[gnu::noinline]] std::error_code
readList(const Grammar &grammar, std::string_view value, std::vector<HeaderValue> &out)
{
    if (grammar.shape == Shape::Via && readListed<ViaView>(value, out))
        return NoError;
    if ((grammar.shape == Shape::NameAddr || grammar.shape == Shape::ContactList)
        && readListed<NameAddrView>(value, out))
        return NoError;
    std::error_code first = NoError;
    const std::size_t firstIndex = out.size();
    HeaderValueParser::split(value, [&](std::string_view element) {
        const std::error_code error = addElement(grammar, element, out);
        first = first ? first : error;
    });
    // Contact "*" stands alone (§10.2.2, §20.10): in a list it is no name-addr.
    if (grammar.shape == Shape::ContactList && out.size() - firstIndex > 1) {
        for (std::size_t i = firstIndex; i < out.size(); ++i) {
            if (out[i].as<std::string_view>()) {
                out[i].typed = std::monostate();
                out[i].error = SyntaxError::BadNameAddr;
                first = first ? first : out[i].error;
            }
        }
    }
    return first;
}

} // namespace

std::error_code
HeaderValueParser::parse(HeaderId id, std::string_view value, std::vector<HeaderValue> &out)
{
    const Grammar grammar = grammarOf(id);
    if (grammar.shape == Shape::None)
        return NoError;
    value = trim(value);
    if (value.empty() && grammar.mayBeEmpty)
        return NoError;
    if (grammar.list) {
        if (grammar.shape == Shape::Token && readTokenList(value, out))
            return NoError;
        return readList(grammar, value, out);
    }
    return addElement(grammar, value, out);
}

bool HeaderValueParser::isList(HeaderId id)
{
    return grammarOf(id).list;
}

std::size_t HeaderValueParser::nextDelimiter(std::string_view value, std::size_t from)
{
    std::size_t i = from;
#if defined(__SSE2__)
    // Sixteen octets at a time where SSE2 is available (every x86-64): a Via or Route list is
    // long and holds few delimiters.
    const __m128i quote = _mm_set1_epi8('"');
    const __m128i open = _mm_set1_epi8('<');
    const __m128i close = _mm_set1_epi8('>');
    const __m128i comma = _mm_set1_epi8(',');
    for (; i + 16 <= value.size(); i += 16) {
        const __m128i octets = _mm_loadu_si128(reinterpret_cast<const __m128i *>(value.data() + i));
        const __m128i found = _mm_or_si128(
                _mm_or_si128(_mm_cmpeq_epi8(octets, quote), _mm_cmpeq_epi8(octets, open)),
                _mm_or_si128(_mm_cmpeq_epi8(octets, close), _mm_cmpeq_epi8(octets, comma)));
        const int mask = _mm_movemask_epi8(found);
        if (mask != 0)
            return i + static_cast<std::size_t>(std::countr_zero(static_cast<unsigned>(mask)));
    }
#endif
    for (; i < value.size(); ++i) {
        const char c = value[i];
        if (c == '"' || c == '<' || c == '>' || c == ',')
            return i;
    }
    return value.size();
}

} // namespace sipcore
