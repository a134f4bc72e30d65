#include "sipcore/transport/memorytransport.h"

#include "sipcore/transport/transporterror.h"

namespace sipcore {

MemoryTransport::MemoryTransport(boost::asio::any_io_executor executor,
                                 Endpoint local,
                                 bool reliable,
                                 std::string protocol)
    : m_executor(std::move(executor))
    , m_local(std::move(local))
    , m_reliable(reliable)
    , m_protocol(protocol.empty() ? (reliable ? "TCP" : "UDP") : std::move(protocol))
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
    completeLater(m_executor, std::move(onSent), ec);
}

std::error_code MemoryTransport::inject(std::string_view bytes, const Endpoint &source)
{
    return receiveText(bytes, source);
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
