#pragma once

// Test support for the tests that drive the sipcore core against real peers: a core on this
// thread's io_context over every transport the app has. Header-only (the tests that use it
// link sipcore_core; the interop support library does not).

#include "interop/support/corepump.h"

#include "sipcore/core/useragentclient.h"
#include "sipcore/core/useragentcore.h"
#include "sipcore/transport/tcptransport.h"
#include "sipcore/transport/tlstransport.h"
#include "sipcore/transport/udptransport.h"
#include "sipcore/transport/websockettransport.h"
#include "sipcore/util/asiotimerfactory.h"

#include <boost/asio/io_context.hpp>

#include <optional>

namespace interop {

/// A user-agent core over UDP, TCP, TLS, WS and WSS on \a host, trusting \a caFile only.
struct CoreClient
{
    CoreClient(const std::string &host, const std::string &caFile)
        : timers(io.get_executor())
        , udp(io.get_executor(), sipcore::UdpTransportConfig{host, 0}, sipcore::LoggerFactory())
        , tcp(io.get_executor(), stream(host), timers, sipcore::LoggerFactory())
        , tls(io.get_executor(), stream(host), trusting(caFile), timers, sipcore::LoggerFactory())
        , ws(io.get_executor(), stream(host), std::nullopt, timers, sipcore::LoggerFactory())
        , wss(io.get_executor(), stream(host), trusting(caFile), timers, sipcore::LoggerFactory())
        , core(sipcore::UserAgentCoreConfiguration{}, udp, timers)
    {}
    ~CoreClient()
    {
        for (sipcore::Transport *transport :
             std::initializer_list<sipcore::Transport *>{&wss, &ws, &tls, &tcp, &udp})
            transport->close();
    }
    CoreClient(const CoreClient &) = delete;
    CoreClient &operator=(const CoreClient &) = delete;

    /// Listens on every transport and gives them to the core.
    std::error_code listen()
    {
        for (std::error_code ec :
             {udp.listen(), tcp.listen(), tls.listen(), ws.listen(), wss.listen()}) {
            if (ec)
                return ec;
        }
        for (sipcore::Transport *transport :
             std::initializer_list<sipcore::Transport *>{&tcp, &tls, &ws, &wss})
            core.addTransport(*transport);
        return {};
    }

    /// Sends \a request and waits for its final response; \a sentTo (optional) learns where
    /// the last try went.
    std::optional<sipcore::Response> send(sipcore::Request request,
                                          sipcore::Endpoint *sentTo = nullptr)
    {
        FinalResponse delegate;
        auto client = core.request(std::move(request), &delegate);
        pump(io, [&] { return delegate.response.has_value(); });
        if (sentTo && client->transaction())
            *sentTo = client->transaction()->destination();
        client->dispose();
        return delegate.response;
    }

    boost::asio::io_context io;
    sipcore::AsioTimerFactory timers;
    sipcore::UdpTransport udp;
    sipcore::TcpTransport tcp;
    sipcore::TlsTransport tls;
    sipcore::WebSocketTransport ws;
    sipcore::WebSocketTransport wss;
    sipcore::UserAgentCore core;

private:
    static sipcore::StreamTransportConfig stream(const std::string &host)
    {
        using namespace std::chrono_literals;
        return {host, 0, {30s, 0s}};
    }
    static sipcore::TlsSettings trusting(const std::string &caFile)
    {
        return {caFile, {}, {}, false};
    }
};

} // namespace interop
