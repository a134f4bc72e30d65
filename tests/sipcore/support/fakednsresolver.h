#pragma once

// Test support: a DnsResolver answering from records the test sets, one queued answer at a
// time when the test calls deliver(), so a test controls when each lookup completes and the
// contract "never inside the call" holds. Header-only.

#include "sipcore/transport/dnsresolver.h"

#include <deque>
#include <functional>
#include <map>
#include <string>
#include <vector>

namespace sipcore::test {

class FakeDnsResolver final : public DnsResolver
{
public:
    std::map<std::string, std::vector<NaptrRecord>> naptr;
    std::map<std::string, std::vector<SrvRecord>> srv;
    std::map<std::string, std::vector<std::string>> addresses;
    /// Every lookup asked for, "NAPTR name", "SRV name" or "A/AAAA name", in order.
    std::vector<std::string> asked;

    void resolveNaptr(const std::string &name, NaptrHandler handler) override
    {
        asked.push_back("NAPTR " + name);
        m_pending.push_back([this, name, handler] { handler(find(naptr, name)); });
    }
    void resolveSrv(const std::string &name, SrvHandler handler) override
    {
        asked.push_back("SRV " + name);
        m_pending.push_back([this, name, handler] { handler(find(srv, name)); });
    }
    void resolveAddresses(const std::string &name, AddressHandler handler) override
    {
        asked.push_back("A/AAAA " + name);
        m_pending.push_back([this, name, handler] { handler(find(addresses, name)); });
    }

    /// Answers the queued lookups, and those they ask in turn, until none is left.
    void deliverAll()
    {
        while (!m_pending.empty()) {
            auto next = std::move(m_pending.front());
            m_pending.pop_front();
            next();
        }
    }
    std::size_t pending() const { return m_pending.size(); }

private:
    template<class Records>
    static Records find(const std::map<std::string, Records> &table, const std::string &name)
    {
        auto it = table.find(name);
        return it == table.end() ? Records{} : it->second;
    }

    std::deque<std::function<void()>> m_pending;
};

} // namespace sipcore::test
