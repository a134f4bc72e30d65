#pragma once

#include "sipcore/util/result.h"

#include <cstddef>
#include <optional>
#include <string_view>

namespace sipcore {

/// A validated run of parameters, as written, that is read in place without copying: the
/// `;name[=value]` list of a header value or a SIP URI (with the first ';' removed), or the
/// `name=value, …` auth-param list of a challenge or credentials. Names compare
/// case-insensitively; values are as written (quotes and escapes included).
class ParametersView
{
public:
    /// The grammars a run can follow.
    enum class Syntax {
        Header, ///< generic-param *( SEMI generic-param ), LWS around ';' and '=' (§25.1)
        Uri,    ///< uri-parameter *( ";" uri-parameter ): paramchar and escapes, no LWS
        Auth,   ///< auth-param *( COMMA auth-param ), token or quoted-string values (§25.1)
    };
    struct Parameter
    {
        std::string_view name;
        std::optional<std::string_view> value; // nullopt for a flag such as ";lr"
    };
    /// The most parameters one run may hold; more is malformed.
    static constexpr std::size_t MaxParameters = 64;

    class Iterator
    {
    public:
        using value_type = Parameter;
        using difference_type = std::ptrdiff_t;
        Iterator() = default;
        Parameter operator*() const { return m_current; }
        Iterator &operator++();
        Iterator operator++(int)
        {
            Iterator old = *this;
            ++*this;
            return old;
        }
        bool operator==(const Iterator &other) const { return m_position == other.m_position; }

    private:
        friend class ParametersView;
        Iterator(std::string_view text, Syntax syntax, std::size_t position);
        std::string_view m_text;
        Syntax m_syntax = Syntax::Header;
        std::size_t m_position = std::string_view::npos; // of m_current; npos at the end
        std::size_t m_following = 0;                     // where the next parameter starts
        Parameter m_current;
    };

    ParametersView() = default;

    /// Checks \a text (the run after the first separator; empty is an empty run) against
    /// \a syntax: BadHeaderValue when malformed, TooManyParameters over MaxParameters. When
    /// \a flags is given, it receives how many parameters have no value.
    static Result<ParametersView>
    parse(std::string_view text, Syntax syntax, std::size_t *flags = nullptr);
    /// As parse() for Syntax::Header, for the run of an element of a comma-separated list that
    /// may be followed by more elements: the run ends at a ',' after one of its parameters,
    /// and \a end receives that ',''s index (text.size() when the text ends first). The view
    /// holds the run as parse() would, without the LWS before that ','. Unlike parse(), an empty
    /// run is malformed, as is LWS alone.
    static Result<ParametersView>
    parseListed(std::string_view text, std::size_t &end, std::size_t *flags = nullptr);

    bool empty() const { return m_count == 0; }
    std::size_t size() const { return m_count; }
    /// The run as written.
    std::string_view text() const { return m_text; }
    Syntax syntax() const { return m_syntax; }
    Iterator begin() const;
    Iterator end() const { return {}; }

    /// True when a parameter of that name is present (with or without a value).
    bool has(std::string_view name) const;
    /// The first parameter of that name; nullopt when absent.
    std::optional<Parameter> find(std::string_view name) const;
    /// The value; nullopt when absent or when present without a value.
    std::optional<std::string_view> get(std::string_view name) const;

private:
    std::string_view m_text;
    Syntax m_syntax = Syntax::Header;
    std::size_t m_count = 0;
};

} // namespace sipcore
