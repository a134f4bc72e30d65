#pragma once

#include "sipcore/transport/transport.h"

#include <boost/asio/any_io_executor.hpp>

#include <deque>
#include <optional>

namespace sipcore {

/// An in-memory transport for tests and benchmarks: what is sent is recorded, what the test
/// injects is parsed and delivered as if it had arrived. Send completions are posted to the
/// executor (as the Transport contract requires); the test runs them (io_context::poll()).
class MemoryTransport final : public Transport
{
public:
    struct Sent
    {
        std::string bytes;
        Endpoint destination;
    };

    /// \a protocol: what protocol() says; empty for "TCP" when \a reliable, else "UDP".
    MemoryTransport(boost::asio::any_io_executor executor,
                    Endpoint local = {"127.0.0.1", 5060},
                    bool reliable = false,
                    std::string protocol = {});

    std::string_view protocol() const override { return m_protocol; }
    bool isReliable() const override { return m_reliable; }
    Endpoint localEndpoint() const override { return m_local; }
    void send(std::string bytes, const Endpoint &destination, SendHandler onSent) override;
    void close() override { m_closed = true; }

    /// Parses \a bytes and delivers them as received from \a source. Returns the parse error,
    /// if any (the datagram then goes to the reject handler, as with a real transport).
    std::error_code inject(std::string_view bytes, const Endpoint &source = {"127.0.0.1", 5080});
    /// Makes the next \a count sends fail with \a error.
    void failNextSends(int count, std::error_code error);
    /// Reports \a destination unreachable, as an ICMP error would.
    void reportUnreachable(const Endpoint &destination, std::error_code error)
    {
        unreachable(destination, error);
    }

    /// Everything sent so far, oldest first.
    std::deque<Sent> &sent() { return m_sent; }
    /// Removes and returns the oldest sent message, if any.
    std::optional<Sent> takeSent();

private:
    boost::asio::any_io_executor m_executor;
    Endpoint m_local;
    bool m_reliable;
    std::string m_protocol;
    bool m_closed = false;
    int m_failCount = 0;
    std::error_code m_failError;
    std::deque<Sent> m_sent;
};

} // namespace sipcore
