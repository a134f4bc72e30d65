#include "sipcore/core/sessionexpires.h"

#include "sipcore/syntax/lexical.h"
#include "sipcore/syntax/syntaxerror.h"

namespace sipcore {

std::optional<SessionExpires> SessionExpires::of(const SipMessage &message)
{
    const auto value = message.singleValue(HeaderId::SessionExpires, SyntaxError::DuplicateHeader);
    const auto *typed = value.ok() ? (*value)->as<ParameterizedValueView>() : nullptr;
    if (!typed)
        return std::nullopt;
    SessionExpires result;
    result.seconds = typed->seconds;
    if (const auto refresher = typed->parameters.get("refresher")) {
        if (lexical::equalsIgnoringCase(*refresher, "uac"))
            result.refresher = Refresher::Uac;
        else if (lexical::equalsIgnoringCase(*refresher, "uas"))
            result.refresher = Refresher::Uas;
    }
    return result;
}

std::string SessionExpires::toString() const
{
    std::string text = std::to_string(seconds);
    if (refresher == Refresher::Uac)
        text += ";refresher=uac";
    else if (refresher == Refresher::Uas)
        text += ";refresher=uas";
    return text;
}

} // namespace sipcore
