#include "sipcore/session/instantmessage.h"

#include "sipcore/core/useragentserver.h"
#include "sipcore/syntax/lexical.h"

namespace sipcore {

std::optional<InstantMessage> InstantMessage::receive(UserAgentServer &server)
{
    const Request &request = server.message();
    const auto contentType = request.header("Content-Type");
    const std::string type = contentType ? lexical::lowered(
                                     lexical::trim(contentType->substr(0, contentType->find(';'))))
                                         : std::string();
    if (type != "text/plain") {
        ResponseOptions options;
        options.extraHeaders = {{"Accept", "text/plain"}};
        server.reply(415, std::move(options));
        return std::nullopt;
    }
    InstantMessage message;
    if (const auto from = request.from(); from.ok()) {
        message.from = *from;
        message.from.parameters.remove("tag");
    }
    message.body = std::string(request.body());
    const auto to = request.toView();
    message.inDialog = to.ok() && (*to)->tag().has_value();
    server.reply(200);
    return message;
}

} // namespace sipcore
