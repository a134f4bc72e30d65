#pragma once

#include "sipcore/syntax/uri.h"
#include "sipcore/transport/dnsresolver.h"
#include "sipcore/transport/endpoint.h"

#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace sipcore {

/// One place to send a request, as server location found it.
struct ServerTarget
{
    Endpoint endpoint;    ///< an IP literal and a port
    std::string protocol; ///< as written in Via: "UDP", "TCP", "TLS", "WS" or "WSS"
    /// The host the URI named, which a TLS peer's certificate must prove (RFC 5922 §4);
    /// empty when the URI named an IP address.
    std::string serverName;
    bool operator==(const ServerTarget &) const = default;
};

/// Server location (RFC 3263 §4): turns a SIP or SIPS URI into the ordered list of targets to
/// try, each after the one before it fails. The transport is the URI's transport parameter, or
/// for a domain without a port the first NAPTR services (SIP+D2U, SIP+D2T, SIPS+D2T, SIP+D2W,
/// SIPS+D2W; only SIPS ones for sips:) among the protocols we have, in order and preference;
/// without NAPTR, the SRV records of _sip._udp, _sip._tcp (or _sips._tcp for sips:) that
/// exist; without SRV, UDP (TLS for sips:) on the default port. SRV targets go by priority,
/// and by weight within one (RFC 2782); each name's IPv4 and IPv6 addresses follow one
/// another. An IP address skips DNS; a domain with an explicit port only looks up its
/// addresses. maddr, when present, replaces the host (RFC 3263 §4).
class ServerLocator
{
public:
    /// Empty when nothing was found.
    using Handler = std::function<void(std::vector<ServerTarget>)>;

    /// \a protocols: those we have transports for, most preferred first; \a resolver outlives
    /// the locator.
    ServerLocator(DnsResolver &resolver, std::vector<std::string> protocols);
    ~ServerLocator();
    ServerLocator(const ServerLocator &) = delete;
    ServerLocator &operator=(const ServerLocator &) = delete;

    /// The protocols we have transports for, most preferred first.
    void setProtocols(std::vector<std::string> protocols) { m_protocols = std::move(protocols); }
    /// Locates \a uri; \a handler runs once, unless the locator is destroyed first: inside this
    /// call for an IP address, later for a name.
    void locate(const Uri &uri, Handler handler);

    /// True when \a host is an IPv4 or IPv6 literal, which needs no DNS.
    static bool isIpAddress(const std::string &host);
    /// RFC 2782's order for one lookup's records: by priority, then a weighted random draw
    /// within each priority (\a draw(n) returns a number in [0, n]); "." targets removed.
    static std::vector<SrvRecord> ordered(std::vector<SrvRecord> records,
                                          const std::function<std::uint32_t(std::uint32_t)> &draw);

private:
    struct Lookup;
    using Targets = std::vector<ServerTarget>;

    void lookUpNaptr(const std::shared_ptr<Lookup> &lookup);
    /// Resolves the SRV names of \a queries[next…] (name, protocol) one after another, their
    /// targets appended to the lookup's; when none gave any, the domain's own addresses.
    void lookUpSrv(const std::shared_ptr<Lookup> &lookup,
                   std::vector<std::pair<std::string, std::string>> queries,
                   std::size_t next);
    /// The addresses of \a records[next…] at their ports, appended in order.
    void lookUpTargets(const std::shared_ptr<Lookup> &lookup,
                       std::vector<SrvRecord> records,
                       std::string protocol,
                       std::size_t next,
                       std::function<void()> done);
    /// The domain's own addresses at the default port and protocol.
    void lookUpAddresses(const std::shared_ptr<Lookup> &lookup);
    bool supports(const std::string &protocol) const;

    DnsResolver &m_resolver;
    std::vector<std::string> m_protocols;
    std::shared_ptr<bool> m_alive;
};

} // namespace sipcore
