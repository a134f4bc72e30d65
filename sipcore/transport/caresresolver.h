#pragma once

#include "sipcore/transport/dnsresolver.h"
#include "sipcore/util/logger.h"

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/posix/stream_descriptor.hpp>
#include <boost/asio/steady_timer.hpp>

#include <map>
#include <memory>
#include <string>
#include <system_error>

struct ares_channeldata;

namespace sipcore {

/// DnsResolver over c-ares, driven by an Asio executor (the core thread's): c-ares's sockets
/// are watched with Asio descriptors and its retry timeouts with a steady timer, so lookups
/// never block the thread. Uses the system's name servers (/etc/resolv.conf) unless given
/// others. Lives on the executor's thread.
class CAresResolver final : public DnsResolver
{
public:
    /// \a servers: "host:port" list, comma-separated (IPv6 in brackets); empty for the
    /// system's. Check problem() after construction.
    CAresResolver(boost::asio::any_io_executor executor,
                  const std::string &servers,
                  const LoggerFactory &loggers);
    ~CAresResolver() override;
    CAresResolver(const CAresResolver &) = delete;
    CAresResolver &operator=(const CAresResolver &) = delete;

    /// Why the resolver cannot work (c-ares failed to start, a server list that does not
    /// parse), empty when it can. Every lookup answers empty while there is one.
    const std::string &problem() const { return m_problem; }

    void resolveNaptr(const std::string &name, NaptrHandler handler) override;
    void resolveSrv(const std::string &name, SrvHandler handler) override;
    void resolveAddresses(const std::string &name, AddressHandler handler) override;

private:
    struct Query;
    struct Watch
    {
        std::unique_ptr<boost::asio::posix::stream_descriptor> descriptor;
        bool read = false;
        bool write = false;
        bool waitingRead = false;
        bool waitingWrite = false;
    };

    static void onSocketState(void *self, int fd, int readable, int writable);
    void watch(int fd, bool readable, bool writable);
    void armWaits(int fd);
    void waitOn(int fd, Watch &watch, bool write);
    /// Starts a DNS query of \a type for \a name; \a query is freed when it is answered.
    void send(Query *query, const std::string &name, int type);
    /// Lets c-ares act on \a readFd/\a writeFd (-1: none), then re-arms the timeout.
    void process(int readFd, int writeFd);
    void armTimeout();
    /// Calls \a deliver later on the executor unless the resolver is gone by then.
    void post(std::function<void()> deliver);

    boost::asio::any_io_executor m_executor;
    Logger m_logger;
    ares_channeldata *m_channel = nullptr;
    std::string m_problem;
    std::map<int, Watch> m_watches;
    boost::asio::steady_timer m_timeout;
    std::shared_ptr<bool> m_alive;
};

} // namespace sipcore
