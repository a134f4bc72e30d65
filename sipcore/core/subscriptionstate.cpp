#include "sipcore/core/subscriptionstate.h"

#include "sipcore/syntax/lexical.h"
#include "sipcore/syntax/syntaxerror.h"

#include <charconv>

namespace sipcore {

namespace {

/// A delta-seconds parameter value; nullopt when absent or not a number.
std::optional<std::uint32_t> seconds(const ParametersView &parameters, std::string_view name)
{
    const auto text = parameters.get(name);
    std::uint32_t value = 0;
    if (!text || text->empty())
        return std::nullopt;
    const auto [end, error] = std::from_chars(text->data(), text->data() + text->size(), value);
    if (error != std::errc() || end != text->data() + text->size())
        return std::nullopt;
    return value;
}

} // namespace

std::optional<SubscriptionState> SubscriptionState::of(const SipMessage &message)
{
    const auto value
            = message.singleValue(HeaderId::SubscriptionState, SyntaxError::DuplicateHeader);
    const auto *typed = value.ok() ? (*value)->as<ParameterizedValueView>() : nullptr;
    if (!typed)
        return std::nullopt;
    SubscriptionState state;
    if (lexical::equalsIgnoringCase(typed->value, "active"))
        state.value = Value::Active;
    else if (lexical::equalsIgnoringCase(typed->value, "pending"))
        state.value = Value::Pending;
    else if (lexical::equalsIgnoringCase(typed->value, "terminated"))
        state.value = Value::Terminated;
    else
        return std::nullopt;
    state.expires = seconds(typed->parameters, "expires");
    state.retryAfter = seconds(typed->parameters, "retry-after");
    if (const auto reason = typed->parameters.get("reason"))
        state.reason = lexical::lowered(*reason);
    return state;
}

std::string SubscriptionState::toString() const
{
    std::string text = value == Value::Active    ? "active"
                       : value == Value::Pending ? "pending"
                                                 : "terminated";
    if (expires)
        text += ";expires=" + std::to_string(*expires);
    if (!reason.empty())
        text += ";reason=" + reason;
    if (retryAfter)
        text += ";retry-after=" + std::to_string(*retryAfter);
    return text;
}

} // namespace sipcore
