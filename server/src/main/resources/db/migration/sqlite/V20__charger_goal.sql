-- A charger whose adapter is removed in the app (the device stays in the address's list) is withdrawn: its charge
-- point id is no longer let in, and its sessions are kept. Given its adapter again, it is registered again.
ALTER TABLE charge_point ADD COLUMN withdrawn_epoch INTEGER;

-- What each quarter hour of a session was charged under: the charger's mode when the quarter was written, and in
-- mode plan its goal (charge at once up to normal_up_to %, then to target_soc % by the departure). The
-- smart-charging discount counts the quarters charged in mode plan. Null for quarters written before this.
ALTER TABLE charge_quarter ADD COLUMN mode TEXT CHECK (mode IN ('off', 'now', 'min_solar', 'solar', 'plan'));
ALTER TABLE charge_quarter ADD COLUMN normal_up_to INTEGER CHECK (normal_up_to BETWEEN 0 AND 100);
ALTER TABLE charge_quarter ADD COLUMN target_soc INTEGER CHECK (target_soc BETWEEN 1 AND 100);
