#include "sipcore/transport/localaddress.h"

#include <boost/asio/ip/address.hpp>

#include <cstring>

#include <ifaddrs.h>
#include <net/if.h>
#include <netinet/in.h>

namespace sipcore {

namespace asio = boost::asio;

std::string primaryAddress(bool v6)
{
    std::string found = v6 ? "::1" : "127.0.0.1";
    ifaddrs *list = nullptr;
    if (::getifaddrs(&list) != 0)
        return found;
    for (ifaddrs *it = list; it; it = it->ifa_next) {
        if (!it->ifa_addr || !(it->ifa_flags & IFF_UP) || (it->ifa_flags & IFF_LOOPBACK))
            continue;
        const int family = it->ifa_addr->sa_family;
        if (family == AF_INET && !v6) {
            const auto *sin = reinterpret_cast<const sockaddr_in *>(it->ifa_addr);
            asio::ip::address_v4::bytes_type b;
            std::memcpy(b.data(), &sin->sin_addr, 4);
            found = asio::ip::address_v4(b).to_string();
            break;
        }
        if (family == AF_INET6 && v6) {
            const auto *sin6 = reinterpret_cast<const sockaddr_in6 *>(it->ifa_addr);
            asio::ip::address_v6::bytes_type b;
            std::memcpy(b.data(), &sin6->sin6_addr, 16);
            const asio::ip::address_v6 address(b);
            if (address.is_link_local())
                continue;
            found = address.to_string();
            break;
        }
    }
    ::freeifaddrs(list);
    return found;
}

} // namespace sipcore
