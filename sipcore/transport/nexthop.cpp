#include "sipcore/transport/nexthop.h"

#include "sipcore/syntax/lexical.h"

#include <charconv>

namespace sipcore {

Uri nextHopUri(const Request &request)
{
    auto routes = request.routes();
    return routes.ok() && !routes->empty() ? routes->front().uri : request.requestUri();
}

NextHop nextHopFor(const Request &request)
{
    return nextHopFor(nextHopUri(request));
}

NextHop nextHopFor(const Uri &target)
{
    NextHop hop;
    hop.endpoint = Endpoint{target.host, target.port.value_or(target.isSecure() ? 5061 : 5060)};
    std::string protocol;
    if (auto transport = target.parameters.get("transport"); transport && !transport->empty()) {
        protocol = lexical::raised(*transport);
        hop.required = true;
    }
    if (target.isSecure()) {
        // §26.2.2: "sips:...;transport=tcp" is TLS over TCP; WSS is the secure WebSocket.
        hop.protocol = protocol == "WSS" || protocol == "WS" ? "WSS" : "TLS";
        hop.required = true;
    } else {
        hop.protocol = protocol.empty() ? "UDP" : protocol;
    }
    return hop;
}

Endpoint responseDestinationFor(const Via &topVia)
{
    Endpoint destination{topVia.host, topVia.port.value_or(5060)};
    if (auto received = topVia.parameters.get("received"); received && !received->empty()) {
        std::string_view host = *received;
        if (host.size() > 2 && host.front() == '[' && host.back() == ']')
            host = host.substr(1, host.size() - 2); // RFC 5118 §4.5 allows the brackets
        destination.host = std::string(host);
    }
    if (auto rport = topVia.parameters.get("rport"); rport && !rport->empty()) {
        std::uint16_t port = 0;
        auto [end, ec] = std::from_chars(rport->data(), rport->data() + rport->size(), port);
        if (ec == std::errc() && end == rport->data() + rport->size() && port != 0)
            destination.port = port;
    }
    return destination;
}

void stampReceived(Via &topVia, const Endpoint &source)
{
    if (topVia.host != source.host)
        topVia.parameters.set("received", source.host);
    if (topVia.parameters.has("rport")) {
        const std::string port = std::to_string(source.port);
        topVia.parameters.set("rport", port);
        if (topVia.host == source.host)
            topVia.parameters.set("received", source.host); // RFC 3581 §4: received with rport
    }
}

} // namespace sipcore
