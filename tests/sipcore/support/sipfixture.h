#pragma once

// Test support: a user-agent core on virtual time over the in-memory transport, and helpers
// to read what it sent and to answer it. Header-only; used by the transaction, core and
// session tests.

#include "sipcore/core/useragentcore.h"
#include "sipcore/syntax/messageparser.h"
#include "sipcore/transaction/outgoingresponse.h"
#include "sipcore/transport/memorytransport.h"
#include "sipcore/util/virtualtimerfactory.h"

#include <boost/asio/io_context.hpp>

#include <QTest>

namespace sipcore::test {

/// Parses what the transport sent; fails the test if it does not parse.
inline SipMessageVariant parseSent(const std::string &bytes)
{
    auto parsed = MessageParser::parseDatagram(bytes);
    if (!parsed)
        qFatal("sent message does not parse: %s\n%s", parsed.error().message().c_str(),
               bytes.c_str());
    return std::move(*parsed);
}

inline Request sentRequest(const MemoryTransport::Sent &sent)
{
    auto message = parseSent(sent.bytes);
    if (!std::holds_alternative<Request>(message))
        qFatal("expected a request, got:\n%s", sent.bytes.c_str());
    return std::get<Request>(std::move(message));
}

/// Everything that drives a core in a test: the io_context runs send completions and posted
/// work when poll() is called; time moves only with advance().
struct CoreFixture
{
    explicit CoreFixture(TimerSettings settings = {}, bool reliable = false)
        : CoreFixture(makeConfiguration(settings), reliable)
    {}
    explicit CoreFixture(UserAgentCoreConfiguration configuration, bool reliable = false)
        : transport(io.get_executor(), Endpoint{"127.0.0.1", 5062}, reliable)
        , tcp(io.get_executor(), Endpoint{"127.0.0.1", 5063}, true)
        , tls(io.get_executor(), Endpoint{"127.0.0.1", 5064}, true, "TLS")
        , core(std::move(configuration), transport, timers)
    {}

    /// Gives the core the second transport, tcp, besides the first.
    void addTcp() { core.addTransport(tcp); }
    /// Gives the core the third transport, tls.
    void addTls() { core.addTransport(tls); }

    static UserAgentCoreConfiguration makeConfiguration(TimerSettings settings)
    {
        UserAgentCoreConfiguration configuration;
        configuration.timers = settings;
        return configuration;
    }

    /// Runs queued completions and posted work.
    void poll()
    {
        io.restart();
        io.poll();
    }
    /// Advances virtual time, running queued work before and after.
    void advance(Duration delta)
    {
        poll();
        timers.advance(delta);
        poll();
    }

    /// Removes and returns every sent message, parsed.
    std::vector<SipMessageVariant> takeAll()
    {
        poll();
        std::vector<SipMessageVariant> out;
        while (auto sent = transport.takeSent())
            out.push_back(parseSent(sent->bytes));
        return out;
    }
    /// Removes the sent requests and returns those with \a method.
    std::vector<Request> takeRequests(std::string_view method)
    {
        std::vector<Request> out;
        for (auto &message : takeAll()) {
            if (auto *request = std::get_if<Request>(&message);
                request && request->method == method)
                out.push_back(*request);
        }
        return out;
    }

    /// Removes the sent messages and returns the responses among them.
    std::vector<Response> takeResponses()
    {
        std::vector<Response> out;
        for (auto &message : takeAll())
            if (auto *response = std::get_if<Response>(&message))
                out.push_back(std::move(*response));
        return out;
    }

    /// The response the peer would send to \a request (To tag added above 100, a Contact on
    /// 2xx).
    static Response answer(const Request &request, int code, std::string_view toTag = "peer-tag")
    {
        Response response = makeResponse(request, code, code > 100 ? toTag : std::string_view());
        if (code >= 200 && code < 300)
            response.addHeader("Contact", "<sip:bob@127.0.0.1:5080>");
        return response;
    }

    /// Delivers \a message (a Request or Response) through the transport as if from the peer
    /// at 127.0.0.1:5080.
    template<class Message>
    void deliver(const Message &message)
    {
        const std::error_code ec = transport.inject(message.serialize(), {"127.0.0.1", 5080});
        if (ec)
            qFatal("injected message does not parse: %s", ec.message().c_str());
        poll();
    }
    /// Delivers answer(request, code, toTag) through the transport, as if from the peer.
    void respond(const Request &request, int code, std::string_view toTag = "peer-tag")
    {
        deliver(answer(request, code, toTag));
    }

    boost::asio::io_context io;
    VirtualTimerFactory timers;
    MemoryTransport transport;
    MemoryTransport tcp; ///< TCP on 127.0.0.1:5063, used by the core after addTcp()
    MemoryTransport tls; ///< TLS on 127.0.0.1:5064, used by the core after addTls()
    UserAgentCore core;
};

/// An INVITE from the fixture's core to sip:bob@127.0.0.1:5080, optionally with a route set.
inline Request makeInvite(CoreFixture &f, std::vector<NameAddr> routeSet = {})
{
    auto uri = Uri::parse("sip:bob@127.0.0.1:5080");
    OutgoingRequestMessageOptions options;
    options.routeSet = std::move(routeSet);
    return f.core.makeOutgoingRequestMessage("INVITE", *uri, NameAddr{{}, *uri, {}}, options);
}

} // namespace sipcore::test
