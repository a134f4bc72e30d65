#pragma once

#include "sipcore/core/outgoingrequestdelegate.h"
#include "sipcore/syntax/nameaddr.h"
#include "sipcore/util/timer.h"

#include <boost/asio/any_io_executor.hpp>

#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace sipcore {

class UserAgentClient;
class UserAgentCore;

/// What a Registerer registers, where and how it retries.
struct RegistererOptions
{
    /// The address of record: To and From of every REGISTER.
    NameAddr aor;
    /// The Request-URI; unset: the AOR's domain (RFC 3261 §10.2: no user part).
    std::optional<Uri> registrar;
    /// Route headers of every REGISTER: an outbound proxy (with ;lr).
    std::vector<NameAddr> routeSet;
    /// The user part of our Contact; empty: the AOR's user.
    std::string contactUser;
    /// The binding lifetime asked for (a 423 raises it to the registrar's Min-Expires).
    std::chrono::seconds expires{600};
    /// Back-off after a failure that may pass (RFC 5626 §4.5): the n-th retry in a row waits
    /// min(retryMax, retryBase·2^(n-1)) times a random factor between 0.5 and 1.
    std::chrono::seconds retryBase{30};
    std::chrono::seconds retryMax{1800};
};

/// Keeps one address of record registered (RFC 3261 §10, SIP.js's Registerer).
///
///   Initial --registerContact()--> (REGISTER) --2xx--> Registered --refresh--> Registered
///                                      |                   |
///                                      +--failure--> Failed (retry scheduled, or given up)
///   any --unregister()--> (REGISTER expires=0) --> Unregistered;  dispose() --> Terminated
///
/// - The binding is refreshed at nine tenths of the lifetime the registrar granted: our
///   Contact's expires in the 2xx, else its Expires, else what we asked for.
/// - 423 Interval Too Brief: asked again at once with the Min-Expires it names.
/// - 5xx with Retry-After: asked again after that; other 5xx, a timeout (408) and a transport
///   error (503): after the back-off above. 401/407 (the core had no credentials or they were
///   refused), other 3xx-6xx: Failed, no retry.
/// - One REGISTER at a time (§10.2): what is asked meanwhile is sent after its response. One
///   Call-ID for every REGISTER, CSeq one up each time.
///
/// Threads: registerContact() and unregister() may be called from any thread; they post onto
/// the core executor. The listener runs on the core thread after every change; dispose(),
/// status() and setListener() are for the core thread only.
class Registerer : public std::enable_shared_from_this<Registerer>, private OutgoingRequestDelegate
{
public:
    enum class State { Initial, Registered, Unregistered, Failed, Terminated };
    struct Status
    {
        State state = State::Initial;
        bool waiting = false; ///< a REGISTER is on its way
        int statusCode = 0;   ///< of the last response (408/503 also made here)
        std::string reasonPhrase;
        std::chrono::seconds expires{0};      ///< Registered: the lifetime granted
        std::chrono::milliseconds retryIn{0}; ///< Failed: when the next try goes; 0: none will
    };
    using Listener = std::function<void(const Status &)>;

    Registerer(UserAgentCore &core,
               boost::asio::any_io_executor executor,
               RegistererOptions options,
               Listener listener = {});
    ~Registerer() override;
    Registerer(const Registerer &) = delete;
    Registerer &operator=(const Registerer &) = delete;

    /// Registers our Contact and keeps it registered until unregister() or dispose().
    void registerContact();
    /// Removes our binding (our Contact with expires=0; not "*", other devices of the AOR keep
    /// theirs) and stops refreshing. \a done runs on the core thread once that is answered, or
    /// at once when nothing was registered or on its way.
    void unregister(std::function<void()> done = {});

    /// Core thread only: stops every timer and request; no more listener calls.
    void dispose();
    /// Core thread only.
    const Status &status() const { return m_status; }
    const RegistererOptions &options() const { return m_options; }
    /// Core thread only.
    void setListener(Listener listener) { m_listener = std::move(listener); }

private:
    void doRegister();
    void doUnregister(std::function<void()> done);
    /// Sends a REGISTER asking for \a expires seconds (0: remove the binding).
    void send(std::chrono::seconds expires);
    /// Sends what was asked while a REGISTER was on its way, if anything.
    void sendPending();
    /// The lifetime the registrar granted to our Contact.
    std::chrono::seconds grantedExpires(const Response &response) const;
    void retryAfter(std::chrono::milliseconds delay);
    void unregistered();
    void update(const Response &response);
    void notify();
    /// The refresh and retry timer, made on first use (on the core thread).
    Timer &timer();

    // OutgoingRequestDelegate
    void onAccept(const Response &response) override;
    void onRedirect(const Response &response) override;
    void onReject(const Response &response) override;

    UserAgentCore &m_core;
    boost::asio::any_io_executor m_executor;
    RegistererOptions m_options;
    Listener m_listener;
    Status m_status;
    std::string m_callId;
    std::uint32_t m_cseq = 0;
    Uri m_contact; ///< the Contact URI of the last REGISTER
    std::shared_ptr<UserAgentClient> m_client;
    bool m_removing = false;    ///< the REGISTER on its way has expires=0
    bool m_bound = false;       ///< a 2xx granted our binding, and no removal followed
    bool m_wanted = false;      ///< registerContact() holds, unregister() has not followed
    bool m_sendPending = false; ///< a REGISTER (m_wanted says which) waits for m_client's end
    std::vector<std::function<void()>> m_unregistered; ///< unregister() callers waiting
    int m_failures = 0;                                ///< retriable failures in a row
    std::unique_ptr<Timer> m_timer;                    ///< see timer()
    bool m_disposed = false;
};

} // namespace sipcore
