-- callmail schema, version 12: the contract that V2 made for lines provisioned before contracts
-- existed is named in Japanese, like everything else operators read in the console.
UPDATE contract SET name = '契約管理導入前の回線' WHERE contract_code = 'LEGACY' AND name = 'Lines provisioned before contracts';
