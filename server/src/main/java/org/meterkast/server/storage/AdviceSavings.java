package org.meterkast.server.storage;

import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import org.meterkast.energy.advice.StorageSaving;
import org.meterkast.energy.bill.Coverage;
import org.springframework.stereotype.Component;

/**
 * What an address's home batteries saved in a month, for the advice ("what control saved last month"): the month of
 * each battery's history as its page shows it (delivered kWh at the quarters' offtake prices minus stored kWh at their
 * injection prices). A boiler's history keeps its energy and temperature but no saving (which of its kWh came from
 * surplus is not told apart), so boilers give no piece here.
 */
@Component
class AdviceSavings implements org.meterkast.server.advice.StorageHistory {
    private final StorageHistory history;
    private final StorageHistoryService service;

    AdviceSavings(StorageHistory history, StorageHistoryService service) {
        this.history = history;
        this.service = service;
    }

    @Override
    public List<StorageSaving> savings(long locationId, String meter, YearMonth month) {
        List<StorageSaving> savings = new ArrayList<>();
        for (String device : history.seen(locationId, true)) {
            StorageHistoryService.BatteryPeriod period = service.batteryPeriod(locationId, meter, device, "month",
                    month.atDay(1));
            if (period.noData() || !period.priced() || period.saving() == null) {
                continue;
            }
            LocalDate first = null;
            LocalDate last = null;
            int measured = 0;
            for (StorageHistoryService.BatteryBucket day : period.buckets()) {
                if (!day.noData()) {
                    measured++;
                    first = first == null ? day.start() : first;
                    last = day.start();
                }
            }
            savings.add(StorageSaving.of(device, "battery", month, period.deliveredWh(), period.saving().euros(),
                    new Coverage(month.lengthOfMonth(), measured, first, last)));
        }
        return savings;
    }
}
