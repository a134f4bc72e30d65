#pragma once

#include "sipcore/core/outgoingrequestdelegate.h"
#include "sipcore/syntax/nameaddr.h"

#include <boost/asio/any_io_executor.hpp>

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace sipcore {

class UserAgentClient;
class UserAgentCore;

/// Who sends a message and through where (an account's identity and outbound proxy).
struct MessagerOptions
{
    /// Our identity (From without its tag); the core's AOR when unset.
    std::optional<NameAddr> from;
    /// Route headers of the MESSAGE: an outbound proxy (with ;lr).
    std::vector<NameAddr> routeSet;
    std::string contentType = "text/plain;charset=UTF-8";
};

/// Sends one instant message outside any dialog (RFC 3428, SIP.js's Messager): a MESSAGE to
/// the target with the body given, its final response reported once to the listener (a
/// Digest challenge is answered by the core first; a timeout is 408, a transport error 503).
///
/// Threads: message() may be called from any thread and posts onto the core executor; the
/// listener runs on the core thread; dispose() is for the core thread only.
class Messager : public std::enable_shared_from_this<Messager>, private OutgoingRequestDelegate
{
public:
    /// The final response's status code and reason phrase.
    using Listener = std::function<void(int statusCode, const std::string &reasonPhrase)>;

    Messager(UserAgentCore &core,
             boost::asio::any_io_executor executor,
             Uri target,
             std::string body,
             Listener listener,
             MessagerOptions options = {});
    ~Messager() override;
    Messager(const Messager &) = delete;
    Messager &operator=(const Messager &) = delete;

    /// Sends the MESSAGE (once; later calls do nothing).
    void message();
    /// Core thread only: stops the transaction; the listener is called no more.
    void dispose();

private:
    void doMessage();
    void finish(const Response &response);
    // OutgoingRequestDelegate
    void onAccept(const Response &response) override { finish(response); }
    void onRedirect(const Response &response) override { finish(response); }
    void onReject(const Response &response) override { finish(response); }

    UserAgentCore &m_core;
    boost::asio::any_io_executor m_executor;
    Uri m_target;
    std::string m_body;
    Listener m_listener;
    MessagerOptions m_options;
    std::shared_ptr<UserAgentClient> m_client;
    bool m_sent = false;
    bool m_disposed = false;
};

} // namespace sipcore
