#include "sipcore/transport/serverlocator.h"

#include "sipcore/syntax/lexical.h"
#include "sipcore/transport/nexthop.h"

#include <boost/asio/ip/address.hpp>

#include <algorithm>
#include <random>

namespace sipcore {

namespace {

struct NaptrService
{
    std::string_view service;
    std::string_view protocol;
};

// RFC 3263 §4.1 and RFC 7118 §6.
constexpr NaptrService NaptrServices[] = {
        {"SIP+D2U", "UDP"}, {"SIP+D2T", "TCP"},  {"SIPS+D2T", "TLS"},
        {"SIP+D2W", "WS"},  {"SIPS+D2W", "WSS"},
};

std::string_view protocolOfService(std::string_view service)
{
    const std::string raised = lexical::raised(service);
    for (const NaptrService &known : NaptrServices)
        if (known.service == raised)
            return known.protocol;
    return {};
}

/// The SRV name prefix of \a protocol, empty for those without one (WebSocket).
std::string srvPrefix(std::string_view protocol)
{
    if (protocol == "UDP")
        return "_sip._udp.";
    if (protocol == "TCP")
        return "_sip._tcp.";
    if (protocol == "TLS")
        return "_sips._tcp.";
    return {};
}

std::uint32_t randomDraw(std::uint32_t upTo)
{
    thread_local std::minstd_rand generator{std::random_device{}()};
    return std::uniform_int_distribution<std::uint32_t>(0, upTo)(generator);
}

} // namespace

struct ServerLocator::Lookup
{
    std::string domain;  ///< TARGET: maddr, else the host
    std::string uriHost; ///< what a TLS certificate must name
    NextHop hop;         ///< the URI's protocol and port, or the defaults
    bool secure = false;
    Targets targets;
    Handler handler;
};

ServerLocator::ServerLocator(DnsResolver &resolver, std::vector<std::string> protocols)
    : m_resolver(resolver)
    , m_protocols(std::move(protocols))
    , m_alive(std::make_shared<bool>(true))
{}

ServerLocator::~ServerLocator()
{
    *m_alive = false;
}

bool ServerLocator::isIpAddress(const std::string &host)
{
    boost::system::error_code ec;
    boost::asio::ip::make_address(host, ec);
    return !ec;
}

bool ServerLocator::supports(const std::string &protocol) const
{
    return std::find(m_protocols.begin(), m_protocols.end(), protocol) != m_protocols.end();
}

std::vector<SrvRecord>
ServerLocator::ordered(std::vector<SrvRecord> records,
                       const std::function<std::uint32_t(std::uint32_t)> &draw)
{
    std::erase_if(records, [](const SrvRecord &r) { return r.target.empty() || r.target == "."; });
    // Weight 0 first within a priority (RFC 2782), so they are drawn only when nothing heavier
    // is left or the draw is 0.
    std::stable_sort(records.begin(), records.end(), [](const SrvRecord &a, const SrvRecord &b) {
        return a.priority != b.priority ? a.priority < b.priority : a.weight < b.weight;
    });
    std::vector<SrvRecord> result;
    result.reserve(records.size());
    auto begin = records.begin();
    while (begin != records.end()) {
        auto end = std::find_if(begin, records.end(),
                                [&](const SrvRecord &r) { return r.priority != begin->priority; });
        std::vector<SrvRecord> group(begin, end);
        while (!group.empty()) {
            std::uint32_t total = 0;
            for (const SrvRecord &r : group)
                total += r.weight;
            const std::uint32_t pick = draw(total);
            std::uint32_t running = 0;
            auto chosen = group.begin();
            for (; chosen != group.end(); ++chosen) {
                running += chosen->weight;
                if (running >= pick)
                    break;
            }
            if (chosen == group.end())
                chosen = std::prev(group.end());
            result.push_back(*chosen);
            group.erase(chosen);
        }
        begin = end;
    }
    return result;
}

void ServerLocator::locate(const Uri &uri, Handler handler)
{
    auto lookup = std::make_shared<Lookup>();
    lookup->hop = nextHopFor(uri);
    lookup->uriHost = uri.host;
    lookup->secure = uri.isSecure();
    lookup->domain = std::string(uri.parameters.get("maddr").value_or(uri.host));
    lookup->hop.endpoint.host = lookup->domain;
    lookup->handler = std::move(handler);
    if (isIpAddress(lookup->domain)) {
        lookup->handler({ServerTarget{lookup->hop.endpoint, lookup->hop.protocol, {}}});
        return;
    }
    if (uri.port) {
        lookUpAddresses(lookup);
    } else if (uri.parameters.get("transport")) {
        std::vector<std::pair<std::string, std::string>> queries;
        if (const std::string prefix = srvPrefix(lookup->hop.protocol); !prefix.empty())
            queries.emplace_back(prefix + lookup->domain, lookup->hop.protocol);
        lookUpSrv(lookup, std::move(queries), 0);
    } else {
        lookUpNaptr(lookup);
    }
}

void ServerLocator::lookUpNaptr(const std::shared_ptr<Lookup> &lookup)
{
    m_resolver.resolveNaptr(lookup->domain, [this, alive = m_alive,
                                             lookup](std::vector<NaptrRecord> records) {
        if (!*alive)
            return;
        std::stable_sort(
                records.begin(), records.end(), [](const NaptrRecord &a, const NaptrRecord &b) {
                    return a.order != b.order ? a.order < b.order : a.preference < b.preference;
                });
        std::vector<std::pair<std::string, std::string>> queries;
        for (const NaptrRecord &record : records) {
            const std::string protocol(protocolOfService(record.service));
            const bool secureService = lexical::raised(record.service).starts_with("SIPS+");
            if (lexical::lowered(record.flags) != "s" || protocol.empty() || !supports(protocol)
                || (lookup->secure && !secureService) || record.replacement.empty())
                continue;
            queries.emplace_back(record.replacement, protocol);
        }
        if (queries.empty()) {
            // §4.1: no usable NAPTR; the SRV records of the protocols we have, in our order.
            for (const std::string &protocol : m_protocols) {
                const bool secureProtocol = protocol == "TLS";
                if (secureProtocol != lookup->secure)
                    continue;
                if (const std::string prefix = srvPrefix(protocol); !prefix.empty())
                    queries.emplace_back(prefix + lookup->domain, protocol);
            }
        }
        lookUpSrv(lookup, std::move(queries), 0);
    });
}

void ServerLocator::lookUpSrv(const std::shared_ptr<Lookup> &lookup,
                              std::vector<std::pair<std::string, std::string>> queries,
                              std::size_t next)
{
    if (next == queries.size()) {
        if (lookup->targets.empty())
            lookUpAddresses(lookup); // §4.2: no SRV, the domain's own addresses
        else
            lookup->handler(std::move(lookup->targets));
        return;
    }
    const std::string name = queries[next].first;
    m_resolver.resolveSrv(name, [this, alive = m_alive, lookup, queries = std::move(queries),
                                 next](std::vector<SrvRecord> records) mutable {
        if (!*alive)
            return;
        std::string protocol = queries[next].second;
        lookUpTargets(lookup, ordered(std::move(records), &randomDraw), std::move(protocol), 0,
                      [this, lookup, queries = std::move(queries), next]() mutable {
                          lookUpSrv(lookup, std::move(queries), next + 1);
                      });
    });
}

void ServerLocator::lookUpTargets(const std::shared_ptr<Lookup> &lookup,
                                  std::vector<SrvRecord> records,
                                  std::string protocol,
                                  std::size_t next,
                                  std::function<void()> done)
{
    if (next == records.size()) {
        done();
        return;
    }
    const std::string name = records[next].target;
    m_resolver.resolveAddresses(name, [this, alive = m_alive, lookup, records = std::move(records),
                                       protocol = std::move(protocol), next,
                                       done = std::move(done)](
                                              std::vector<std::string> addresses) mutable {
        if (!*alive)
            return;
        for (std::string &address : addresses) {
            ServerTarget target{Endpoint{std::move(address), records[next].port}, protocol,
                                lookup->uriHost};
            if (std::find(lookup->targets.begin(), lookup->targets.end(), target)
                == lookup->targets.end())
                lookup->targets.push_back(std::move(target));
        }
        lookUpTargets(lookup, std::move(records), std::move(protocol), next + 1, std::move(done));
    });
}

void ServerLocator::lookUpAddresses(const std::shared_ptr<Lookup> &lookup)
{
    const SrvRecord self{0, 0, lookup->hop.endpoint.port, lookup->domain};
    lookUpTargets(lookup, {self}, lookup->hop.protocol, 0,
                  [lookup] { lookup->handler(std::move(lookup->targets)); });
}

} // namespace sipcore
