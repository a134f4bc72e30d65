#include "sipcore/syntax/parametersview.h"

#include "sipcore/syntax/headernames.h"
#include "sipcore/syntax/lexical.h"
#include "sipcore/syntax/syntaxerror.h"

namespace sipcore {

namespace {

using namespace lexical;
using Syntax = ParametersView::Syntax;

constexpr std::size_t Malformed = std::string_view::npos;

// Reads the parameter at \a i into \a out. Returns where the next one starts (past its
// separator), text.size() after the last one, or Malformed. When \a listed, the run may be
// followed by more elements of a comma-separated list: a ',' after a parameter ends it and is
// returned, and no parameter starts with one.
template<Syntax syntax, bool listed = false>
std::size_t readParameterOf(std::string_view text, std::size_t i, ParametersView::Parameter &out)
{
    constexpr char separator = syntax == Syntax::Auth ? ',' : ';';
    constexpr bool lws = syntax != Syntax::Uri;
    if (lws)
        i = skipWhitespace(text, i);
    const std::size_t nameStart = i;
    if constexpr (syntax == Syntax::Uri) {
        i = skipEscaped(text, i, UriParamChar);
    } else {
        i += span(text, syntax == Syntax::Auth ? Token : ParamChar, i);
    }
    if (i == nameStart)
        return Malformed;
    out.name = text.substr(nameStart, i - nameStart);
    out.value.reset();
    if (lws)
        i = skipWhitespace(text, i);
    if (i < text.size() && text[i] == '=') {
        ++i;
        if (lws)
            i = skipWhitespace(text, i);
        const std::size_t valueStart = i;
        if constexpr (syntax == Syntax::Uri) {
            i = skipEscaped(text, i, UriParamChar);
        } else if (i < text.size() && text[i] == '"') {
            i = skipQuotedString(text, i);
            if (i == Malformed)
                return Malformed;
        } else {
            i += span(text, syntax == Syntax::Auth ? Token : ParamChar, i);
        }
        if (i == valueStart)
            return Malformed;
        out.value = text.substr(valueStart, i - valueStart);
        if (lws)
            i = skipWhitespace(text, i);
    } else if constexpr (syntax == Syntax::Auth) {
        return Malformed; // auth-param = auth-param-name EQUAL ( token / quoted-string )
    }
    if (i == text.size() || (listed && text[i] == ','))
        return i;
    if (text[i] != separator)
        return Malformed;
    ++i;
    // A name must follow, so a trailing or doubled separator is malformed.
    const std::size_t next = lws ? skipWhitespace(text, i) : i;
    if (next == text.size() || (listed && text[next] == ','))
        return Malformed;
    return i;
}

std::size_t
readParameter(std::string_view text, Syntax syntax, std::size_t i, ParametersView::Parameter &out)
{
    switch (syntax) {
    case Syntax::Header:
        return readParameterOf<Syntax::Header>(text, i, out);
    case Syntax::Uri:
        return readParameterOf<Syntax::Uri>(text, i, out);
    case Syntax::Auth:
        break;
    }
    return readParameterOf<Syntax::Auth>(text, i, out);
}

// Checks a run of \a syntax: its parameter count (reading stops past MaxParameters) and how
// many have no value, or Malformed. \a end receives where the run ends: text.size(), or when
// \a listed the ',' that ends it.
template<Syntax syntax, bool listed = false>
std::size_t countParameters(std::string_view text, std::size_t &withoutValue, std::size_t &end)
{
    ParametersView::Parameter parameter;
    std::size_t count = 0;
    std::size_t i = 0;
    while (i < text.size()) {
        i = readParameterOf<syntax, listed>(text, i, parameter);
        if (i == Malformed)
            return Malformed;
        if (++count > ParametersView::MaxParameters)
            return count; // too many: the rest is not read
        withoutValue += parameter.value ? 0 : 1;
        if (listed && i < text.size() && text[i] == ',')
            break;
    }
    end = i;
    return count;
}

} // namespace

ParametersView::Iterator::Iterator(std::string_view text, Syntax syntax, std::size_t position)
    : m_text(text)
    , m_syntax(syntax)
    , m_position(position)
{
    m_following = readParameter(m_text, m_syntax, m_position, m_current);
}

ParametersView::Iterator &ParametersView::Iterator::operator++()
{
    // The run was validated, so every read succeeds until the end.
    if (m_following >= m_text.size()) {
        m_position = std::string_view::npos;
        return *this;
    }
    m_position = m_following;
    m_following = readParameter(m_text, m_syntax, m_position, m_current);
    return *this;
}

Result<ParametersView>
ParametersView::parse(std::string_view text, Syntax syntax, std::size_t *flags)
{
    ParametersView view;
    view.m_text = text;
    view.m_syntax = syntax;
    std::size_t withoutValue = 0;
    if (!(syntax == Syntax::Uri ? text : trim(text)).empty()) {
        std::size_t count = 0;
        std::size_t end = 0;
        switch (syntax) {
        case Syntax::Header:
            count = countParameters<Syntax::Header>(text, withoutValue, end);
            break;
        case Syntax::Uri:
            count = countParameters<Syntax::Uri>(text, withoutValue, end);
            break;
        case Syntax::Auth:
            count = countParameters<Syntax::Auth>(text, withoutValue, end);
            break;
        }
        if (count == Malformed)
            return SyntaxError::BadHeaderValue;
        if (count > MaxParameters)
            return SyntaxError::TooManyParameters;
        view.m_count = count;
    }
    if (flags)
        *flags = withoutValue;
    return view;
}

Result<ParametersView>
ParametersView::parseListed(std::string_view text, std::size_t &end, std::size_t *flags)
{
    std::size_t withoutValue = 0;
    end = 0;
    const std::size_t count = countParameters<Syntax::Header, true>(text, withoutValue, end);
    if (count == Malformed || count == 0)
        return SyntaxError::BadHeaderValue;
    if (count > MaxParameters)
        return SyntaxError::TooManyParameters;
    std::size_t last = end;
    while (last > 0 && isWhitespace(text[last - 1]))
        --last;
    ParametersView view;
    view.m_text = text.substr(0, last);
    view.m_syntax = Syntax::Header;
    view.m_count = count;
    if (flags)
        *flags = withoutValue;
    return view;
}

ParametersView::Iterator ParametersView::begin() const
{
    if (m_count == 0)
        return {};
    return Iterator(m_text, m_syntax, 0);
}

bool ParametersView::has(std::string_view name) const
{
    return find(name).has_value();
}

std::optional<ParametersView::Parameter> ParametersView::find(std::string_view name) const
{
    for (const Parameter parameter : *this) {
        if (equalsIgnoreCase(parameter.name, name))
            return parameter;
    }
    return std::nullopt;
}

std::optional<std::string_view> ParametersView::get(std::string_view name) const
{
    const auto parameter = find(name);
    return parameter ? parameter->value : std::nullopt;
}

} // namespace sipcore
