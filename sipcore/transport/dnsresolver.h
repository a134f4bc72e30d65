#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace sipcore {

/// A NAPTR record (RFC 3403) as RFC 3263 §4.1 reads it.
struct NaptrRecord
{
    std::uint16_t order = 0;
    std::uint16_t preference = 0;
    std::string flags;       ///< "s": the replacement names SRV records
    std::string service;     ///< "SIP+D2U", "SIPS+D2T", …
    std::string replacement; ///< the next name to look up
};

/// An SRV record (RFC 2782).
struct SrvRecord
{
    std::uint16_t priority = 0;
    std::uint16_t weight = 0;
    std::uint16_t port = 0;
    std::string target; ///< "." when the service is decidedly not there
};

/// The DNS lookups server location needs (RFC 3263). Every handler is called exactly once,
/// later (never inside the call that asked), on the thread that drives the resolver; an empty
/// answer means no such records, whatever the reason (the resolver logs which). No handler
/// is called after the resolver is destroyed.
class DnsResolver
{
public:
    using NaptrHandler = std::function<void(std::vector<NaptrRecord>)>;
    using SrvHandler = std::function<void(std::vector<SrvRecord>)>;
    /// IP literals (IPv6 without brackets), IPv4 and IPv6 as the name has them.
    using AddressHandler = std::function<void(std::vector<std::string>)>;

    virtual ~DnsResolver() = default;
    virtual void resolveNaptr(const std::string &name, NaptrHandler handler) = 0;
    virtual void resolveSrv(const std::string &name, SrvHandler handler) = 0;
    /// The A and AAAA records of \a name.
    virtual void resolveAddresses(const std::string &name, AddressHandler handler) = 0;
};

} // namespace sipcore
