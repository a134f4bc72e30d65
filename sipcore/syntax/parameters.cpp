#include "sipcore/syntax/parameters.h"

#include "sipcore/syntax/headernames.h"

#include <algorithm>

namespace sipcore {

bool Parameters::has(std::string_view name) const
{
    return std::ranges::any_of(m_items,
                               [&](const Parameter &p) { return equalsIgnoreCase(p.name, name); });
}

std::optional<std::string_view> Parameters::get(std::string_view name) const
{
    for (const Parameter &p : m_items) {
        if (equalsIgnoreCase(p.name, name)) {
            if (!p.value)
                return std::nullopt;
            return std::string_view(*p.value);
        }
    }
    return std::nullopt;
}

void Parameters::set(std::string_view name, std::optional<std::string_view> value)
{
    std::optional<std::string> stored;
    if (value)
        stored.emplace(*value);
    for (Parameter &p : m_items) {
        if (equalsIgnoreCase(p.name, name)) {
            p.value = std::move(stored);
            return;
        }
    }
    m_items.push_back({std::string(name), std::move(stored)});
}

void Parameters::remove(std::string_view name)
{
    std::erase_if(m_items, [&](const Parameter &p) { return equalsIgnoreCase(p.name, name); });
}

bool Parameters::parse(std::string_view text)
{
    const auto view = ParametersView::parse(text, ParametersView::Syntax::Header);
    if (!view)
        return false;
    *this = from(*view);
    return true;
}

Parameters Parameters::from(const ParametersView &view)
{
    Parameters parameters;
    parameters.m_items.reserve(view.size());
    for (const ParametersView::Parameter p : view) {
        std::optional<std::string> value;
        if (p.value)
            value.emplace(*p.value);
        parameters.m_items.push_back({std::string(p.name), std::move(value)});
    }
    return parameters;
}

void Parameters::appendTo(std::string &out) const
{
    for (const Parameter &p : m_items) {
        out += ';';
        out += p.name;
        if (p.value) {
            out += '=';
            out += *p.value;
        }
    }
}

} // namespace sipcore
