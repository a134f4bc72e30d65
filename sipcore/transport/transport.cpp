#include "sipcore/transport/transport.h"

#include "sipcore/transport/nexthop.h"

#include <boost/asio/post.hpp>

namespace sipcore {

std::error_code Transport::receiveText(std::string_view text, const Endpoint &source)
{
    auto parsed = MessageParser::parseDatagram(text);
    if (!parsed) {
        reject(text, parsed.error(), source);
        return parsed.error();
    }
    if (auto *request = std::get_if<Request>(&*parsed)) {
        if (auto via = request->topVia(); via.ok()) {
            stampReceived(*via, source);
            request->setTopVia(*via);
        }
    }
    deliver(ReceivedMessage{std::move(*parsed), source, this});
    return {};
}

void Transport::completeLater(const boost::asio::any_io_executor &executor,
                              SendHandler onSent,
                              std::error_code error)
{
    if (onSent)
        boost::asio::post(executor, [onSent = std::move(onSent), error] { onSent(error); });
}

} // namespace sipcore
