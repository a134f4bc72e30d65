#include "sipcore/transport/caresresolver.h"

#include <boost/asio/post.hpp>

#include <ares.h>
#include <arpa/inet.h>
#include <arpa/nameser.h>
#include <netinet/in.h>

#include <algorithm>
#include <mutex>

namespace sipcore {

namespace asio = boost::asio;

namespace {

std::string text(const unsigned char *value)
{
    return value ? std::string(reinterpret_cast<const char *>(value)) : std::string();
}

std::string addressText(const sockaddr *address)
{
    char buffer[INET6_ADDRSTRLEN] = {};
    if (address->sa_family == AF_INET) {
        const auto *v4 = reinterpret_cast<const sockaddr_in *>(address);
        inet_ntop(AF_INET, &v4->sin_addr, buffer, sizeof buffer);
    } else if (address->sa_family == AF_INET6) {
        const auto *v6 = reinterpret_cast<const sockaddr_in6 *>(address);
        inet_ntop(AF_INET6, &v6->sin6_addr, buffer, sizeof buffer);
    }
    return buffer;
}

} // namespace

/// One lookup in flight: what c-ares hands back to its C callback.
struct CAresResolver::Query
{
    std::function<void(int status, const unsigned char *answer, int length)> onAnswer;
    std::function<void(int status, ares_addrinfo *result)> onAddresses;
};

CAresResolver::CAresResolver(asio::any_io_executor executor,
                             const std::string &servers,
                             const LoggerFactory &loggers)
    : m_executor(std::move(executor))
    , m_logger(loggers.getLogger("ringback.sip.dns"))
    , m_timeout(m_executor)
    , m_alive(std::make_shared<bool>(true))
{
    static const int initialised = ares_library_init(ARES_LIB_INIT_ALL);
    if (initialised != ARES_SUCCESS) {
        m_problem = std::string("c-ares cannot start: ") + ares_strerror(initialised);
        return;
    }
    ares_options options{};
    options.sock_state_cb = &CAresResolver::onSocketState;
    options.sock_state_cb_data = this;
    options.timeout = 1500; // ms per try; three tries
    options.tries = 3;
    const int mask = ARES_OPT_SOCK_STATE_CB | ARES_OPT_TIMEOUTMS | ARES_OPT_TRIES;
    if (const int status = ares_init_options(&m_channel, &options, mask); status != ARES_SUCCESS) {
        m_channel = nullptr;
        m_problem = std::string("c-ares cannot start: ") + ares_strerror(status);
        return;
    }
    if (!servers.empty()) {
        if (const int status = ares_set_servers_ports_csv(m_channel, servers.c_str());
            status != ARES_SUCCESS)
            m_problem = "the DNS server list \"" + servers + "\" does not parse ("
                        + ares_strerror(status) + ")";
    }
    if (!m_problem.empty())
        m_logger.error(m_problem);
}

CAresResolver::~CAresResolver()
{
    *m_alive = false; // handlers already posted are dropped
    m_timeout.cancel();
    if (m_channel)
        ares_destroy(m_channel); // calls every pending callback with ARES_EDESTRUCTION
    for (auto &[fd, watch] : m_watches) {
        watch.descriptor->cancel();
        watch.descriptor->release(); // c-ares owns and has closed the socket
    }
}

void CAresResolver::post(std::function<void()> deliver)
{
    asio::post(m_executor, [alive = m_alive, deliver = std::move(deliver)] {
        if (*alive)
            deliver();
    });
}

void CAresResolver::resolveNaptr(const std::string &name, NaptrHandler handler)
{
    if (!m_problem.empty())
        return post([handler = std::move(handler)] { handler({}); });
    auto *query = new Query{nullptr, nullptr};
    query->onAnswer = [this, name, handler = std::move(handler)](
                              int status, const unsigned char *answer, int length) {
        std::vector<NaptrRecord> records;
        ares_naptr_reply *reply = nullptr;
        if (status == ARES_SUCCESS)
            status = ares_parse_naptr_reply(answer, length, &reply);
        for (auto *r = reply; r; r = r->next)
            records.push_back(NaptrRecord{r->order, r->preference, text(r->flags), text(r->service),
                                          r->replacement ? r->replacement : ""});
        if (reply)
            ares_free_data(reply);
        if (status != ARES_SUCCESS)
            m_logger.debug("NAPTR " + name + ": " + ares_strerror(status));
        post([handler, records = std::move(records)] { handler(records); });
    };
    send(query, name, ns_t_naptr);
}

void CAresResolver::resolveSrv(const std::string &name, SrvHandler handler)
{
    if (!m_problem.empty())
        return post([handler = std::move(handler)] { handler({}); });
    auto *query = new Query{nullptr, nullptr};
    query->onAnswer = [this, name, handler = std::move(handler)](
                              int status, const unsigned char *answer, int length) {
        std::vector<SrvRecord> records;
        ares_srv_reply *reply = nullptr;
        if (status == ARES_SUCCESS)
            status = ares_parse_srv_reply(answer, length, &reply);
        for (auto *r = reply; r; r = r->next)
            records.push_back(SrvRecord{r->priority, r->weight, r->port, r->host ? r->host : ""});
        if (reply)
            ares_free_data(reply);
        if (status != ARES_SUCCESS)
            m_logger.debug("SRV " + name + ": " + ares_strerror(status));
        post([handler, records = std::move(records)] { handler(records); });
    };
    send(query, name, ns_t_srv);
}

void CAresResolver::send(Query *query, const std::string &name, int type)
{
    ares_query(
            m_channel, name.c_str(), ns_c_in, type,
            [](void *arg, int status, int, unsigned char *answer, int length) {
                const std::unique_ptr<Query> owned(static_cast<Query *>(arg));
                if (status != ARES_EDESTRUCTION)
                    owned->onAnswer(status, answer, length);
            },
            query);
    armTimeout();
}

void CAresResolver::resolveAddresses(const std::string &name, AddressHandler handler)
{
    if (!m_problem.empty())
        return post([handler = std::move(handler)] { handler({}); });
    auto *query = new Query{nullptr, nullptr};
    query->onAddresses = [this, name, handler = std::move(handler)](int status,
                                                                    ares_addrinfo *result) {
        std::vector<std::string> addresses;
        for (auto *node = result ? result->nodes : nullptr; node; node = node->ai_next) {
            std::string address = addressText(node->ai_addr);
            if (!address.empty()
                && std::find(addresses.begin(), addresses.end(), address) == addresses.end())
                addresses.push_back(std::move(address));
        }
        if (result)
            ares_freeaddrinfo(result);
        if (status != ARES_SUCCESS)
            m_logger.debug("A/AAAA " + name + ": " + ares_strerror(status));
        post([handler, addresses = std::move(addresses)] { handler(addresses); });
    };
    ares_addrinfo_hints hints{};
    hints.ai_family = AF_UNSPEC;
    ares_getaddrinfo(
            m_channel, name.c_str(), nullptr, &hints,
            [](void *arg, int status, int, ares_addrinfo *result) {
                const std::unique_ptr<Query> owned(static_cast<Query *>(arg));
                if (status == ARES_EDESTRUCTION) {
                    if (result)
                        ares_freeaddrinfo(result);
                    return;
                }
                owned->onAddresses(status, result);
            },
            query);
    armTimeout();
}

void CAresResolver::onSocketState(void *self, int fd, int readable, int writable)
{
    static_cast<CAresResolver *>(self)->watch(fd, readable != 0, writable != 0);
}

void CAresResolver::watch(int fd, bool readable, bool writable)
{
    auto it = m_watches.find(fd);
    if (!readable && !writable) {
        // c-ares is about to close the socket: stop watching it without closing it.
        if (it != m_watches.end()) {
            it->second.descriptor->cancel();
            it->second.descriptor->release();
            m_watches.erase(it);
        }
        return;
    }
    if (it == m_watches.end()) {
        Watch fresh;
        fresh.descriptor = std::make_unique<asio::posix::stream_descriptor>(m_executor, fd);
        it = m_watches.emplace(fd, std::move(fresh)).first;
    }
    it->second.read = readable;
    it->second.write = writable;
    armWaits(fd);
}

void CAresResolver::armWaits(int fd)
{
    auto it = m_watches.find(fd);
    if (it == m_watches.end())
        return;
    Watch &w = it->second;
    if (w.read && !w.waitingRead)
        waitOn(fd, w, false);
    if (w.write && !w.waitingWrite)
        waitOn(fd, w, true);
}

void CAresResolver::waitOn(int fd, Watch &w, bool write)
{
    (write ? w.waitingWrite : w.waitingRead) = true;
    auto *descriptor = w.descriptor.get();
    descriptor->async_wait(
            write ? asio::posix::descriptor_base::wait_write
                  : asio::posix::descriptor_base::wait_read,
            [this, alive = m_alive, fd, descriptor, write](const boost::system::error_code &ec) {
                if (!*alive || ec == asio::error::operation_aborted)
                    return;
                auto found = m_watches.find(fd);
                if (found == m_watches.end() || found->second.descriptor.get() != descriptor)
                    return;
                (write ? found->second.waitingWrite : found->second.waitingRead) = false;
                process(write ? -1 : fd, write ? fd : -1);
            });
}

void CAresResolver::process(int readFd, int writeFd)
{
    ares_process_fd(m_channel, readFd < 0 ? ARES_SOCKET_BAD : readFd,
                    writeFd < 0 ? ARES_SOCKET_BAD : writeFd);
    for (const int fd : {readFd, writeFd})
        if (fd >= 0)
            armWaits(fd);
    armTimeout();
}

void CAresResolver::armTimeout()
{
    timeval wait{};
    if (!ares_timeout(m_channel, nullptr, &wait)) {
        m_timeout.cancel();
        return;
    }
    m_timeout.expires_after(std::chrono::seconds(wait.tv_sec)
                            + std::chrono::microseconds(wait.tv_usec));
    m_timeout.async_wait([this, alive = m_alive](const boost::system::error_code &ec) {
        if (*alive && !ec)
            process(-1, -1);
    });
}

} // namespace sipcore
