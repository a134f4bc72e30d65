#include "sipcore/transport/memorytransport.h"

#include "sipcore/transport/nexthop.h"
#include "sipcore/transport/transporterror.h"

#include <boost/asio/post.hpp>

namespace sipcore {

MemoryTransport::MemoryTransport(boost::asio::any_io_executor executor,
                                 Endpoint local,
                                 bool reliable)
    : m_executor(std::move(executor))
    , m_local(std::move(local))
    , m_reliable(reliable)
{}

void MemoryTransport::send(std::string bytes, const Endpoint &destination, SendHandler onSent)
{
    std::error_code ec;
    if (m_closed) {
        ec = TransportError::Closed;
    } else if (m_failCount > 0) {
        --m_failCount;
        ec = m_failError;
    } else {
        m_sent.push_back(Sent{std::move(bytes), destination});
    }
    if (onSent)
        boost::asio::post(m_executor, [onSent = std::move(onSent), ec] { onSent(ec); });
}

std::error_code MemoryTransport::inject(std::string_view bytes, const Endpoint &source)
{
    auto parsed = MessageParser::parseDatagram(bytes);
    if (!parsed) {
        reject(bytes, parsed.error(), source);
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

void MemoryTransport::failNextSends(int count, std::error_code error)
{
    m_failCount = count;
    m_failError = error;
}

std::optional<MemoryTransport::Sent> MemoryTransport::takeSent()
{
    if (m_sent.empty())
        return std::nullopt;
    Sent front = std::move(m_sent.front());
    m_sent.pop_front();
    return front;
}

} // namespace sipcore
