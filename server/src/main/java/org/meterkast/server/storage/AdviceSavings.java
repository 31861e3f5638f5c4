package org.meterkast.server.storage;

import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.meterkast.energy.advice.StorageSaving;
import org.meterkast.energy.bill.Coverage;
import org.meterkast.server.store.Meter;
import org.meterkast.server.store.MeterRepository;
import org.springframework.stereotype.Component;

/**
 * What an address's home batteries saved in a month, for the advice ("what control saved last month"): the month of
 * each battery's history as its page shows it (delivered kWh at the quarters' offtake prices minus stored kWh at their
 * injection prices); and what each boiler heated with the household's own power (per quarter, its energy less the
 * grid's import) at the offtake price less the injection price that power would have earned.
 */
@Component
class AdviceSavings implements org.meterkast.server.advice.StorageHistory {
    private final StorageHistory history;
    private final StorageHistoryService service;
    private final MeterRepository meters;

    AdviceSavings(StorageHistory history, StorageHistoryService service, MeterRepository meters) {
        this.history = history;
        this.service = service;
        this.meters = meters;
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
        Optional<Meter> known = meters.find(meter);
        if (known.isEmpty()) {
            return savings;
        }
        for (String device : history.seen(locationId, false)) {
            service.boilerSolar(locationId, known.get().id(), meter, device, month).ifPresent(solar -> savings.add(
                    StorageSaving.of(device, "boiler", month, solar.solarWh(), solar.saved(),
                            new Coverage(month.lengthOfMonth(), solar.measuredDays(), solar.first(), solar.last()))));
        }
        return savings;
    }
}
