#pragma once

#include "sipcore/core/useragentcoreconfiguration.h"
#include "sipcore/syntax/sipmessage.h"
#include "sipcore/util/timer.h"

#include <cstdint>
#include <functional>
#include <memory>
#include <vector>

namespace sipcore {

/// The session timer of one call (RFC 4028). Each 2xx to an INVITE, re-INVITE or UPDATE of
/// the call decides anew: with a Session-Expires, the interval it names and who refreshes;
/// without one, no timer. The refresher is told to refresh after half the interval
/// (onRefreshDue); the other side gives the session up when no refresh has come by the
/// interval less a third of it or 32 s, whichever is less (§10, onExpired). Lives on the core
/// thread, on timers that outlive it or its dispose().
class SessionTimer
{
public:
    SessionTimer(TimerFactory &timers,
                 std::function<void()> onRefreshDue,
                 std::function<void()> onExpired);
    ~SessionTimer();
    SessionTimer(const SessionTimer &) = delete;
    SessionTimer &operator=(const SessionTimer &) = delete;

    /// True while the call has a timer (from a negotiation until stop()); interval() and
    /// isRefresher() then describe it.
    bool isActive() const { return m_interval != 0; }
    std::uint32_t interval() const { return m_interval; }
    /// True when we refresh, false when the peer does.
    bool isRefresher() const { return m_refresher; }

    /// The headers our INVITE, re-INVITE or UPDATE carries (§7.1, §7.4): Session-Expires with
    /// the running interval and the refresher it has (refresher=uac when we refresh), or
    /// \a settings' interval for a call without a timer; and Min-SE. None when \a settings ask
    /// for no timer and none runs.
    std::vector<HeaderLine> requestHeaders(const SessionTimerSettings &settings) const;
    /// UAC (§7.2): \a response, a 2xx to our INVITE, re-INVITE or UPDATE, decides: a
    /// Session-Expires with refresher=uac (or none named) makes us the refresher, uas the
    /// peer; no Session-Expires, no timer.
    void negotiateAsUac(const Response &response);
    /// UAS (§9): the headers of our 2xx to \a request, which start the timer they describe.
    /// With a Session-Expires in \a request: the same interval and the refresher it names,
    /// else uac when its Supported lists timer and uas when not; Require: timer when the peer
    /// is to refresh. Without one: no headers and no timer.
    std::vector<HeaderLine> negotiateAsUas(const Request &request);
    /// No timer from now on (until the next negotiation).
    void stop();
    /// Stops and lets go of the timer; nothing runs after this.
    void dispose();

private:
    void start(std::uint32_t interval, bool refresher);

    TimerFactory *m_timers;
    std::function<void()> m_onRefreshDue;
    std::function<void()> m_onExpired;
    std::unique_ptr<Timer> m_timer;
    std::uint32_t m_interval = 0;
    bool m_refresher = false;
};

} // namespace sipcore
