#pragma once

#include "sipcore/syntax/parametersview.h"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace sipcore {

/// An ordered list of `;name[=value]` parameters (RFC 3261 §25 generic-param). Names compare
/// case-insensitively; values are kept exactly as written (escapes and quotes included).
class Parameters
{
public:
    struct Parameter
    {
        std::string name;
        std::optional<std::string> value; // nullopt for a flag such as ";lr"
        bool operator==(const Parameter &) const = default;
    };

    /// True when a parameter of that name is present (with or without a value).
    bool has(std::string_view name) const;
    /// The value; nullopt when absent or when present without a value.
    std::optional<std::string_view> get(std::string_view name) const;
    /// Replaces the first parameter of that name, or appends one.
    void set(std::string_view name, std::optional<std::string_view> value = std::nullopt);
    void remove(std::string_view name);
    bool empty() const { return m_items.empty(); }
    const std::vector<Parameter> &items() const { return m_items; }

    /// Parses the text after the first ';' ("a=1;lr;b=x"; empty is valid) as header
    /// parameters, replacing the contents. Returns false on a malformed parameter.
    bool parse(std::string_view text);
    /// The owned copy of a parsed run.
    static Parameters from(const ParametersView &view);
    /// Appends ";name=value" for each parameter.
    void appendTo(std::string &out) const;

    bool operator==(const Parameters &) const = default;

private:
    std::vector<Parameter> m_items;
};

} // namespace sipcore
