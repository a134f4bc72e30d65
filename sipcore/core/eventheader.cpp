#include "sipcore/core/eventheader.h"

#include "sipcore/syntax/lexical.h"
#include "sipcore/syntax/syntaxerror.h"

namespace sipcore {

std::optional<EventHeader> EventHeader::of(const SipMessage &message)
{
    const auto value = message.singleValue(HeaderId::Event, SyntaxError::DuplicateHeader);
    const auto *typed = value.ok() ? (*value)->as<ParameterizedValueView>() : nullptr;
    if (!typed)
        return std::nullopt;
    EventHeader event;
    event.package = std::string(typed->value);
    event.id = std::string(typed->parameters.get("id").value_or(""));
    return event;
}

bool EventHeader::matches(const EventHeader &other) const
{
    return lexical::equalsIgnoringCase(package, other.package) && id == other.id;
}

std::string EventHeader::toString() const
{
    return id.empty() ? package : package + ";id=" + id;
}

} // namespace sipcore
